using System.Text.Json;

namespace SparseVila.Engine.Model.Config;

/// <summary>
/// A LLaVA checkpoint's <c>config.json</c> (llava-hf layout): vision tower, projector, decoder LLM.
/// Every value the engine does not implement is rejected with the field's JSON path; nothing is
/// silently mapped to something else.
/// </summary>
public sealed record LlavaConfig
{
    public required TextConfig Text { get; init; }
    public required VisionConfig Vision { get; init; }

    /// <summary>The token id that stands for one visual token in a prompt (<c>image_token_index</c>).</summary>
    public required int ImageTokenId { get; init; }

    /// <summary>The encoder layer whose hidden states feed the projector; negative counts from the end of all hidden states (embeddings included).</summary>
    public required int VisionFeatureLayer { get; init; }

    /// <summary><c>default</c> drops the [CLS] token, <c>full</c> keeps it.</summary>
    public required string VisionFeatureSelectStrategy { get; init; }

    /// <summary>The projector's activation (<c>gelu</c>).</summary>
    public required string ProjectorHiddenAct { get; init; }

    /// <summary>Whether the projector's linear layers have biases.</summary>
    public required bool ProjectorBias { get; init; }

    /// <summary>Number of encoder layers actually run: those up to and including the feature layer.</summary>
    public int VisionLayersUsed => VisionFeatureLayer >= 0 ? VisionFeatureLayer : Vision.NumHiddenLayers + 1 + VisionFeatureLayer;

    /// <summary>
    /// Whether the first token of the tower's output is dropped before the projector. As in
    /// transformers' LLaVA, <c>default</c> drops it whatever the tower: the [CLS] token for CLIP, the
    /// first patch for SigLIP (SigLIP checkpoints use <c>full</c>).
    /// </summary>
    public bool DropsFirstToken => VisionFeatureSelectStrategy == "default";

    /// <summary>Tokens per frame out of the vision tower (patches, plus [CLS] for CLIP).</summary>
    public int TowerTokensPerFrame => Vision.PatchTokens + (Vision.HasClassToken ? 1 : 0);

    /// <summary>Visual tokens each frame contributes to the LLM.</summary>
    public int VisualTokensPerFrame => TowerTokensPerFrame - (DropsFirstToken ? 1 : 0);

    /// <summary>Leading visual tokens of a frame that summarise it rather than show a patch: the kept [CLS] token (1), or none.</summary>
    public int SummaryTokensPerFrame => Vision.HasClassToken && !DropsFirstToken ? 1 : 0;

    /// <summary>Reads and validates <c>config.json</c> at <paramref name="path"/>.</summary>
    public static LlavaConfig Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelConfigException(path, "$", $"is not valid JSON: {e.Message}");
        }
        catch (FileNotFoundException)
        {
            throw new ModelConfigException(path, "$", "the file does not exist.");
        }

        using (document)
        {
            return Parse(new JsonFields(path, string.Empty, document.RootElement));
        }
    }

    internal static LlavaConfig Parse(JsonFields json)
    {
        json.Choice("model_type", null, "llava");
        var tie = json.Bool("tie_word_embeddings", false);
        var text = TextConfig.Parse(json.Object("text_config"), tie);
        var vision = VisionConfig.Parse(json.Object("vision_config"));
        if (json.Raw("vision_feature_layer") is { ValueKind: JsonValueKind.Array })
        {
            throw json.Error("vision_feature_layer", "a list of layers is not implemented; give one layer.");
        }

        var featureLayer = json.Int("vision_feature_layer", -2);
        var layers = vision.NumHiddenLayers;
        if (featureLayer < -(layers + 1) || featureLayer > layers || featureLayer == 0)
        {
            throw json.Error("vision_feature_layer", $"{featureLayer} is outside the tower's hidden states (1..{layers} or -1..-{layers}).");
        }

        var imageToken = json.Has("image_token_index") ? json.Int("image_token_index") : json.Int("image_token_id");
        if (imageToken < 0 || imageToken >= text.VocabSize)
        {
            throw json.Error("image_token_index", $"{imageToken} is outside the vocabulary (0..{text.VocabSize - 1}).");
        }

        var projectorHidden = json.Has("projector_hidden_act") ? json.String("projector_hidden_act") : "gelu";
        if (projectorHidden != "gelu")
        {
            throw json.Error("projector_hidden_act", $"'{projectorHidden}' is not implemented; supported: gelu.");
        }

        return new LlavaConfig
        {
            Text = text,
            Vision = vision,
            ImageTokenId = imageToken,
            VisionFeatureLayer = featureLayer,
            VisionFeatureSelectStrategy = json.Choice("vision_feature_select_strategy", "default", "default", "full"),
            ProjectorHiddenAct = projectorHidden,
            ProjectorBias = json.Bool("multimodal_projector_bias", true),
        };
    }
}
