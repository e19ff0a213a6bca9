using SparseVila.Engine.Model.Config;

namespace SparseVila.Bench.EngineThroughput;

/// <summary>
/// A random-weight checkpoint of a realistic shape for a CPU: a Qwen2-style 12-layer LLM of width
/// 1024 (GQA 16/4 heads, 64 wide) and a SigLIP-like tower (12 layers of width 768, 224 px, 16 px
/// patches: 196 tokens per frame).
/// </summary>
public static class EngineBenchmarkModel
{
    public static LlavaConfig Config { get; } = new()
    {
        Text = new TextConfig
        {
            ModelType = "qwen2",
            VocabSize = 32000,
            HiddenSize = 1024,
            IntermediateSize = 2816,
            NumHiddenLayers = 12,
            NumAttentionHeads = 16,
            NumKeyValueHeads = 4,
            HeadDim = 64,
            RmsNormEps = 1e-6,
            RopeTheta = 1_000_000,
            MaxPositionEmbeddings = 32768,
            QkvBias = true,
            OutputBias = false,
            MlpBias = false,
            TieWordEmbeddings = false,
        },
        Vision = new VisionConfig
        {
            Kind = VisionTowerKind.Siglip,
            HiddenSize = 768,
            IntermediateSize = 3072,
            NumHiddenLayers = 12,
            NumAttentionHeads = 12,
            ImageSize = 224,
            PatchSize = 16,
            NumChannels = 3,
            LayerNormEps = 1e-6,
            HiddenAct = "gelu_pytorch_tanh",
        },
        ImageTokenId = 31999,
        VisionFeatureLayer = -1,
        VisionFeatureSelectStrategy = "full",
        ProjectorHiddenAct = "gelu",
        ProjectorBias = true,
    };

    /// <summary>Multiply-adds ×2 per token through the decoder's linear layers (embeddings excluded, LM head excluded).</summary>
    public static double LinearFlopsPerToken(TextConfig text)
    {
        ArgumentNullException.ThrowIfNull(text);
        double d = text.HiddenSize, q = text.NumAttentionHeads * text.HeadDim, kv = text.NumKeyValueHeads * text.HeadDim, i = text.IntermediateSize;
        var perLayer = d * q + 2 * d * kv + q * d + 3 * d * i;
        return 2 * perLayer * text.NumHiddenLayers;
    }

    /// <summary>FLOPs of attention (QKᵀ and PV) for <paramref name="tokens"/> new tokens after <paramref name="cachedTokens"/>.</summary>
    public static double AttentionFlops(TextConfig text, long cachedTokens, long tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Token t (0-based) attends over cachedTokens + t + 1 positions; two matmuls of H·Dh each.
        var attendedPositions = tokens * (double)cachedTokens + tokens * (tokens + 1) / 2.0;
        return 2.0 * 2.0 * text.NumAttentionHeads * text.HeadDim * attendedPositions * text.NumHiddenLayers;
    }

    /// <summary>Bytes one decode step must read: every decoder and LM-head weight, plus the K/V of the context.</summary>
    public static double DecodeBytesPerToken(TextConfig text, long contextTokens, int elementBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = LinearFlopsPerToken(text) / 2 + (double)text.VocabSize * text.HiddenSize;
        var kv = 2.0 * text.NumHiddenLayers * text.NumKeyValueHeads * text.HeadDim * contextTokens;
        return (weights + kv) * elementBytes;
    }
}
