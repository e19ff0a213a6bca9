using System.Text.Json.Nodes;

namespace SparseVila.Engine.Model.Config;

/// <summary>Writes a <see cref="LlavaConfig"/> as a llava-hf <c>config.json</c> that <see cref="LlavaConfig.Load"/> reads back.</summary>
public static class LlavaConfigJson
{
    /// <summary>The config as a JSON object in Hugging Face's field names.</summary>
    public static JsonObject ToJson(LlavaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = config.Text;
        var vision = config.Vision;
        var textJson = new JsonObject
        {
            ["model_type"] = text.ModelType,
            ["vocab_size"] = text.VocabSize,
            ["hidden_size"] = text.HiddenSize,
            ["intermediate_size"] = text.IntermediateSize,
            ["num_hidden_layers"] = text.NumHiddenLayers,
            ["num_attention_heads"] = text.NumAttentionHeads,
            ["num_key_value_heads"] = text.NumKeyValueHeads,
            ["head_dim"] = text.HeadDim,
            ["rms_norm_eps"] = text.RmsNormEps,
            ["rope_theta"] = text.RopeTheta,
            ["max_position_embeddings"] = text.MaxPositionEmbeddings,
            ["hidden_act"] = "silu",
            ["tie_word_embeddings"] = text.TieWordEmbeddings,
        };
        if (text.ModelType == "llama")
        {
            textJson["attention_bias"] = text.QkvBias;
            textJson["mlp_bias"] = text.MlpBias;
        }

        return new JsonObject
        {
            ["architectures"] = new JsonArray("LlavaForConditionalGeneration"),
            ["model_type"] = "llava",
            ["image_token_index"] = config.ImageTokenId,
            ["vision_feature_layer"] = config.VisionFeatureLayer,
            ["vision_feature_select_strategy"] = config.VisionFeatureSelectStrategy,
            ["projector_hidden_act"] = config.ProjectorHiddenAct,
            ["multimodal_projector_bias"] = config.ProjectorBias,
            ["tie_word_embeddings"] = text.TieWordEmbeddings,
            ["text_config"] = textJson,
            ["vision_config"] = new JsonObject
            {
                ["model_type"] = vision.Kind == VisionTowerKind.Clip ? "clip_vision_model" : "siglip_vision_model",
                ["hidden_size"] = vision.HiddenSize,
                ["intermediate_size"] = vision.IntermediateSize,
                ["num_hidden_layers"] = vision.NumHiddenLayers,
                ["num_attention_heads"] = vision.NumAttentionHeads,
                ["image_size"] = vision.ImageSize,
                ["patch_size"] = vision.PatchSize,
                ["num_channels"] = vision.NumChannels,
                ["layer_norm_eps"] = vision.LayerNormEps,
                ["hidden_act"] = vision.HiddenAct,
            },
        };
    }

    /// <summary>Writes <c>config.json</c> into <paramref name="folder"/>.</summary>
    public static void Write(LlavaConfig config, string folder) =>
        File.WriteAllText(Path.Combine(folder, "config.json"), ToJson(config).ToJsonString(new() { WriteIndented = true }));
}
