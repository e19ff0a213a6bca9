using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Text;

/// <summary>One pre-norm decoder layer: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class TextDecoderLayer : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly RmsNorm input_layernorm;
    private readonly TextAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly TextMlp mlp;
#pragma warning restore IDE1006

    public TextDecoderLayer(TextConfig config) : base(nameof(TextDecoderLayer))
    {
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        self_attn = new TextAttention(config);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        mlp = new TextMlp(config);
        RegisterComponents();
    }

    /// <summary>(B, T, D) → (B, T, D), writing this layer's keys and values into each row's cache.</summary>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, IReadOnlyList<IAttentionCache> caches, int layer)
    {
        using var scope = NewDisposeScope();
        var attended = hidden.Plus(self_attn.Forward(input_layernorm.forward(hidden), cos, sin, caches, layer));
        return attended.Plus(mlp.forward(post_attention_layernorm.forward(attended))).MoveToOuterDisposeScope();
    }
}
