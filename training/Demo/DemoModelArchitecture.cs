using SparseVila.Engine.Model.Config;

namespace SparseVila.Training.Demo;

/// <summary>
/// The embedded default model's shape: a CLIP-style tower over 48-pixel frames in 16-pixel patches
/// (a 3 × 3 patch grid, the task's 3 × 3 cells, plus [CLS], all kept: 10 tokens a frame) and a
/// Qwen2-style LLM of 4 layers × 256 (8 heads of 32, each with its own KV head). About 4.2 M parameters, 8.5 MB as fp16.
/// </summary>
public static class DemoModelArchitecture
{
    /// <summary>The tower's input side in pixels.</summary>
    public const int ImageSizePixels = 48;

    /// <summary>The vision feature select strategy: <c>full</c> keeps [CLS] (10 tokens a frame), <c>default</c> drops it (9).</summary>
    public const string DefaultSelectStrategy = "full";

    /// <summary>
    /// KV heads of the LLM: one per query head. With GQA 8/2 the four heads that learn where a question looks shared one
    /// 32-wide value vector, which had to carry an object's colour, shape and cell at once (docs/demo-model.md).
    /// </summary>
    public const int DefaultKeyValueHeads = 8;

    /// <summary>The configuration for a tokenizer of <paramref name="vocabularySize"/> ids (the image token is appended).</summary>
    public static LlavaConfig Config(int vocabularySize, string selectStrategy = DefaultSelectStrategy, int keyValueHeads = DefaultKeyValueHeads) => new()
    {
        Text = new TextConfig
        {
            ModelType = "qwen2",
            VocabSize = vocabularySize + 1,
            HiddenSize = 256,
            IntermediateSize = 704,
            NumHiddenLayers = 4,
            NumAttentionHeads = 8,
            NumKeyValueHeads = keyValueHeads is 1 or 2 or 4 or 8 ? keyValueHeads : throw new ArgumentOutOfRangeException(nameof(keyValueHeads), keyValueHeads, "must divide the 8 query heads."),
            HeadDim = 32,
            RmsNormEps = 1e-6,
            RopeTheta = 10000,
            MaxPositionEmbeddings = 4096,
            QkvBias = true,
            OutputBias = false,
            MlpBias = false,
            TieWordEmbeddings = true,
        },
        Vision = new VisionConfig
        {
            Kind = VisionTowerKind.Clip,
            HiddenSize = 128,
            IntermediateSize = 384,
            NumHiddenLayers = 4,
            NumAttentionHeads = 4,
            ImageSize = ImageSizePixels,
            PatchSize = 16,
            NumChannels = 3,
            LayerNormEps = 1e-5,
            HiddenAct = "quick_gelu",
        },
        ImageTokenId = vocabularySize,
        VisionFeatureLayer = -1,
        VisionFeatureSelectStrategy = selectStrategy is "full" or "default"
            ? selectStrategy
            : throw new ArgumentOutOfRangeException(nameof(selectStrategy), selectStrategy, "must be full or default."),
        ProjectorHiddenAct = "gelu",
        ProjectorBias = true,
    };
}
