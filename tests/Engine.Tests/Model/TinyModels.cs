using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Config;

namespace SparseVila.Engine.Tests.Model;

/// <summary>Tiny LLaVA configurations and models with random weights, for tests that need no trained model.</summary>
internal static class TinyModels
{
    public const int VocabSize = 96;
    public const int ImageTokenId = 95;

    public static TextConfig Text(string modelType = "qwen2", bool tie = false) => new()
    {
        ModelType = modelType,
        VocabSize = VocabSize,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        HeadDim = 8,
        RmsNormEps = 1e-6,
        RopeTheta = 10000,
        MaxPositionEmbeddings = 4096,
        QkvBias = modelType == "qwen2",
        OutputBias = false,
        MlpBias = false,
        TieWordEmbeddings = tie,
    };

    public static VisionConfig Vision(VisionTowerKind kind) => new()
    {
        Kind = kind,
        HiddenSize = 24,
        IntermediateSize = 48,
        NumHiddenLayers = 3,
        NumAttentionHeads = 3,
        ImageSize = 28,
        PatchSize = 7,
        NumChannels = 3,
        LayerNormEps = 1e-5,
        HiddenAct = kind == VisionTowerKind.Clip ? "quick_gelu" : "gelu_pytorch_tanh",
    };

    public static LlavaConfig Config(
        VisionTowerKind kind = VisionTowerKind.Clip, string llm = "qwen2", bool tie = false, string strategy = "default", int featureLayer = -2) => new()
        {
            Text = Text(llm, tie),
            Vision = Vision(kind),
            ImageTokenId = ImageTokenId,
            VisionFeatureLayer = featureLayer,
            VisionFeatureSelectStrategy = strategy,
            ProjectorHiddenAct = "gelu",
            ProjectorBias = true,
        };

    public static LlavaModel Model(LlavaConfig? config = null)
    {
        var model = new LlavaModel(config ?? Config());
        model.eval();
        return model;
    }
}
