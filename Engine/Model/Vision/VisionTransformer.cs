using SparseVila.Engine.Model.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Vision;

/// <summary>
/// The ViT (<c>vision_model</c>): embeddings, CLIP's pre-layernorm, the encoder layers, and the
/// post-layernorm (held so checkpoints load whole; LLaVA reads hidden states before it).
/// </summary>
public sealed class VisionTransformer : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly VisionEmbeddings embeddings;
    private readonly LayerNorm? pre_layrnorm; // CLIP only (the misspelling is Hugging Face's)
    private readonly VisionEncoder encoder;
    private readonly LayerNorm post_layernorm;
#pragma warning restore IDE1006

    public VisionTransformer(VisionConfig config) : base(nameof(VisionTransformer))
    {
        embeddings = new VisionEmbeddings(config);
        pre_layrnorm = config.Kind == VisionTowerKind.Clip ? nn.LayerNorm(config.HiddenSize, config.LayerNormEps) : null;
        encoder = new VisionEncoder(config);
        post_layernorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>The encoder layers, in order.</summary>
    public IReadOnlyList<VisionEncoderLayer> Layers => encoder.Layers;

    /// <summary>
    /// Pixels (N, C, H, W) → the hidden states after <paramref name="layersToRun"/> encoder layers,
    /// (N, L, D): index <paramref name="layersToRun"/> of Hugging Face's <c>hidden_states</c>.
    /// </summary>
    public Tensor HiddenStates(Tensor pixels, int layersToRun) => Run(pixels, layersToRun, salience: false).Hidden;

    /// <summary>
    /// As <see cref="HiddenStates"/>, plus each token's salience (N, L) from the attention of the last
    /// layer run (the feature layer): see <see cref="VisionAttention.Salience"/>.
    /// </summary>
    public (Tensor Hidden, Tensor Salience) HiddenStatesWithSalience(Tensor pixels, int layersToRun)
    {
        var (hidden, salience) = Run(pixels, layersToRun, salience: true);
        return (hidden, salience!);
    }

    private (Tensor Hidden, Tensor? Salience) Run(Tensor pixels, int layersToRun, bool salience)
    {
        if (layersToRun < 1 || layersToRun > encoder.Layers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(layersToRun), layersToRun, $"The tower has {encoder.Layers.Count} layers.");
        }

        using var scope = NewDisposeScope();
        var hidden = embeddings.forward(pixels);                                          // (N, L, D)
        if (pre_layrnorm is not null)
        {
            hidden = pre_layrnorm.forward(hidden);
        }

        Tensor? scores = null;
        for (var layer = 0; layer < layersToRun; layer++)
        {
            var current = encoder.Layers[layer];
            if (salience && layer == layersToRun - 1)
            {
                scores = current.Attention.Salience(current.AttentionNorm.forward(hidden), pre_layrnorm is not null).MoveToOuterDisposeScope();
            }

            hidden = current.forward(hidden);
        }

        return (hidden.MoveToOuterDisposeScope(), scores);
    }
}

/// <summary>The encoder (<c>encoder.layers.N</c>).</summary>
public sealed class VisionEncoder : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly ModuleList<VisionEncoderLayer> layers;
#pragma warning restore IDE1006

    public VisionEncoder(VisionConfig config) : base(nameof(VisionEncoder))
    {
        Layers = Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new VisionEncoderLayer(config)).ToArray();
        layers = new ModuleList<VisionEncoderLayer>([.. Layers]);
        RegisterComponents();
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<VisionEncoderLayer> Layers { get; }
}
