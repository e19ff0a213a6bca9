using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Vision;

/// <summary>One pre-norm ViT layer: x + attn(ln1(x)), then x + mlp(ln2(x)).</summary>
public sealed class VisionEncoderLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly LayerNorm layer_norm1;
    private readonly VisionAttention self_attn;
    private readonly LayerNorm layer_norm2;
    private readonly VisionMlp mlp;
#pragma warning restore IDE1006

    public VisionEncoderLayer(VisionConfig config) : base(nameof(VisionEncoderLayer))
    {
        layer_norm1 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        self_attn = new VisionAttention(config);
        layer_norm2 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        mlp = new VisionMlp(config);
        RegisterComponents();
    }

    /// <summary>The layer's attention, for salience scoring over its input.</summary>
    public VisionAttention Attention => self_attn;

    /// <summary>The first layer norm (the attention's input), for salience scoring.</summary>
    public LayerNorm AttentionNorm => layer_norm1;

    /// <summary>(N, L, D) → (N, L, D).</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var attended = hidden.Plus(self_attn.forward(layer_norm1.forward(hidden)));
        return attended.Plus(mlp.forward(layer_norm2.forward(attended))).MoveToOuterDisposeScope();
    }
}
