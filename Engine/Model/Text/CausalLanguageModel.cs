using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Text;

/// <summary>A Llama/Qwen2 causal LM (<c>language_model</c> in llava-hf): decoder stack plus LM head.</summary>
public sealed class CausalLanguageModel : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly TextDecoder model;
    private readonly Linear? lm_head; // null when the head is tied to the token embeddings
#pragma warning restore IDE1006

    public CausalLanguageModel(TextConfig config) : base(nameof(CausalLanguageModel))
    {
        Config = config;
        model = new TextDecoder(config);
        lm_head = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        Rotary = new RotaryEmbedding(config.HeadDim, config.RopeTheta, CPU);
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public TextConfig Config { get; }

    /// <summary>The device the weights are on.</summary>
    public Device Device { get; private set; } = CPU;

    /// <summary>The rotary tables; rebuilt by <see cref="MoveTo"/> for the model's device.</summary>
    public RotaryEmbedding Rotary { get; private set; }

    /// <summary>Moves the weights and rotary tables to <paramref name="device"/> in <paramref name="dtype"/>.</summary>
    public void MoveTo(Device device, ScalarType dtype)
    {
        this.to(device, dtype);
        Rotary = new RotaryEmbedding(Config.HeadDim, Config.RopeTheta, device);
        Device = device;
    }

    /// <summary>Token ids (B, T) → embeddings (B, T, D).</summary>
    public Tensor Embed(Tensor inputIds) => model.Embed(inputIds);

    /// <summary>A new cache sized for this model.</summary>
    public KvCache NewCache(int capacityTokens, ScalarType dtype, Device device) =>
        new(Config.NumHiddenLayers, Config.NumKeyValueHeads, Config.HeadDim, capacityTokens, dtype, device);

    /// <summary>
    /// Runs the decoder over <see cref="DecoderInput.Embeddings"/>, appending to every row's cache, and
    /// returns logits as selected: (B, 1, V), (B, T, V), or an empty tensor.
    /// </summary>
    public Tensor Forward(DecoderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (batch, tokens) = (input.Embeddings.shape[0], input.Embeddings.shape[1]);
        if (input.Caches.Count != batch)
        {
            throw new ArgumentException($"{batch} batch rows need {batch} caches, not {input.Caches.Count}.", nameof(input));
        }

        var positions = input.Positions ?? DefaultPositions(input.Caches, tokens, input.Embeddings.device); // (B, T)
        var (cos, sin) = Rotary.Tables(positions, input.Embeddings.dtype);                      // (B, T, Dh)
        var hidden = model.Forward(input.Embeddings, cos, sin, input.Caches);                                // (B, T, D)
        foreach (var cache in input.Caches)
        {
            cache.Advance((int)tokens);
        }

        var selected = input.Logits switch
        {
            LogitsSelection.LastToken => hidden[.., ^1.., ..],                                              // (B, 1, D)
            LogitsSelection.AllTokens => hidden,                                                             // (B, T, D)
            _ => null,
        };
        if (selected is null)
        {
            return empty(0);
        }

        var logits = lm_head is null ? nn.functional.linear(selected, model.EmbeddingWeight) : lm_head.forward(selected);
        return logits.MoveToOuterDisposeScope();                                                             // (B, T', V)
    }

    private static Tensor DefaultPositions(IReadOnlyList<IAttentionCache> caches, long tokens, Device device)
    {
        var starts = tensor(caches.Select(c => (long)c.NextPosition).ToArray(), device: device).unsqueeze(1); // (B, 1)
        return starts.Plus(HeldScalars.Arange(tokens, device).unsqueeze(0));                                          // (B, T)
    }
}
