using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Text;

/// <summary>The decoder stack (<c>model</c> in Hugging Face's *ForCausalLM): token embeddings, layers, final norm.</summary>
public sealed class TextDecoder : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Embedding embed_tokens;
    private readonly ModuleList<TextDecoderLayer> layers;
    private readonly RmsNorm norm;
#pragma warning restore IDE1006

    public TextDecoder(TextConfig config) : base(nameof(TextDecoder))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        layers = new ModuleList<TextDecoderLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new TextDecoderLayer(config)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    /// <summary>The token embedding matrix (V, D), shared with the LM head when embeddings are tied.</summary>
    public Parameter EmbeddingWeight => embed_tokens.weight ?? throw new InvalidOperationException("The embedding has no weight.");

    /// <summary>Token ids (B, T) → embeddings (B, T, D).</summary>
    public Tensor Embed(Tensor inputIds) => embed_tokens.forward(inputIds);

    /// <summary>Runs every layer over (B, T, D) embeddings; returns the final-normed hidden states (B, T, D).</summary>
    public Tensor Forward(Tensor embeddings, Tensor cos, Tensor sin, IReadOnlyList<IAttentionCache> caches)
    {
        using var scope = NewDisposeScope();
        var hidden = embeddings;
        for (var layer = 0; layer < layers.Count; layer++)
        {
            hidden = layers[layer].Forward(hidden, cos, sin, caches, layer);
        }

        return norm.forward(hidden).MoveToOuterDisposeScope();
    }
}
