namespace SparseVila.Engine.Model.Config;

/// <summary>The kinds of vision tower this engine implements.</summary>
public enum VisionTowerKind
{
    /// <summary>CLIP ViT: a [CLS] token, pre-layernorm, quick_gelu.</summary>
    Clip,

    /// <summary>SigLIP ViT: no [CLS] token, gelu (tanh approximation).</summary>
    Siglip,
}

/// <summary>The vision tower of a LLaVA checkpoint (<c>vision_config</c>).</summary>
public sealed record VisionConfig
{
    public required VisionTowerKind Kind { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int ImageSize { get; init; }
    public required int PatchSize { get; init; }
    public required int NumChannels { get; init; }
    public required double LayerNormEps { get; init; }

    /// <summary><c>quick_gelu</c>, <c>gelu</c> or <c>gelu_pytorch_tanh</c>.</summary>
    public required string HiddenAct { get; init; }

    /// <summary>Patches along one side of the image.</summary>
    public int PatchesPerSide => ImageSize / PatchSize;

    /// <summary>Patch tokens per image (excluding [CLS]).</summary>
    public int PatchTokens => PatchesPerSide * PatchesPerSide;

    /// <summary>Whether the tower prepends a [CLS] summary token.</summary>
    public bool HasClassToken => Kind == VisionTowerKind.Clip;

    /// <summary>Per-head width.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;

    internal static VisionConfig Parse(JsonFields json)
    {
        var modelType = json.Choice("model_type", null, "clip_vision_model", "siglip_vision_model");
        var kind = modelType == "clip_vision_model" ? VisionTowerKind.Clip : VisionTowerKind.Siglip;
        var hidden = json.PositiveInt("hidden_size");
        var heads = json.PositiveInt("num_attention_heads");
        if (hidden % heads != 0)
        {
            throw json.Error("hidden_size", $"{hidden} is not divisible by num_attention_heads {heads}.");
        }

        var imageSize = json.PositiveInt("image_size");
        var patchSize = json.PositiveInt("patch_size");
        if (imageSize % patchSize != 0)
        {
            throw json.Error("image_size", $"{imageSize} is not a multiple of patch_size {patchSize}.");
        }

        return new VisionConfig
        {
            Kind = kind,
            HiddenSize = hidden,
            IntermediateSize = json.PositiveInt("intermediate_size"),
            NumHiddenLayers = json.PositiveInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            ImageSize = imageSize,
            PatchSize = patchSize,
            NumChannels = json.PositiveInt("num_channels", 3),
            LayerNormEps = json.Double("layer_norm_eps", kind == VisionTowerKind.Clip ? 1e-5 : 1e-6),
            HiddenAct = json.Choice("hidden_act", kind == VisionTowerKind.Clip ? "quick_gelu" : "gelu_pytorch_tanh",
                "quick_gelu", "gelu", "gelu_pytorch_tanh"),
        };
    }
}
