using System.Text.Json.Nodes;
using SparseVila.Engine.Model.Config;

namespace SparseVila.Engine.Tests.Model;

public sealed class LlavaConfigTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-config-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(JsonObject json)
    {
        var path = Path.Combine(_folder.FullName, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static JsonObject Json(LlavaConfig? config = null) => LlavaConfigJson.ToJson(config ?? TinyModels.Config());

    [Theory]
    [InlineData(VisionTowerKind.Clip, "qwen2")]
    [InlineData(VisionTowerKind.Siglip, "llama")]
    public void WrittenConfig_ReadsBackEqual(VisionTowerKind kind, string llm)
    {
        var config = TinyModels.Config(kind, llm, tie: true, strategy: "full", featureLayer: -1);

        var read = LlavaConfig.Load(Write(Json(config)));

        Assert.Equal(config.Text, read.Text);
        Assert.Equal(config.Vision, read.Vision);
        Assert.Equal(config with { Text = read.Text, Vision = read.Vision }, read);
    }

    [Fact]
    public void Defaults_FollowTransformers()
    {
        var json = Json();
        var text = json["text_config"]!.AsObject();
        text.Remove("num_key_value_heads");
        text.Remove("head_dim");
        text.Remove("rope_theta");
        json.Remove("vision_feature_layer");
        json.Remove("vision_feature_select_strategy");

        var config = LlavaConfig.Load(Write(json));

        Assert.Equal(config.Text.NumAttentionHeads, config.Text.NumKeyValueHeads);
        Assert.Equal(32 / 4, config.Text.HeadDim);
        Assert.Equal(10000, config.Text.RopeTheta);
        Assert.Equal(-2, config.VisionFeatureLayer);
        Assert.Equal("default", config.VisionFeatureSelectStrategy);
        Assert.True(config.Text.QkvBias, "Qwen2 always has q/k/v biases.");
    }

    [Fact]
    public void TokenCounts_FollowTheSelectStrategy()
    {
        Assert.Equal(16, TinyModels.Config(VisionTowerKind.Clip, strategy: "default").VisualTokensPerFrame);
        Assert.Equal(17, TinyModels.Config(VisionTowerKind.Clip, strategy: "full").VisualTokensPerFrame);
        Assert.Equal(16, TinyModels.Config(VisionTowerKind.Siglip, strategy: "full").VisualTokensPerFrame);
        Assert.Equal(2, TinyModels.Config(featureLayer: -2).VisionLayersUsed);
        Assert.Equal(3, TinyModels.Config(featureLayer: -1).VisionLayersUsed);
        Assert.Equal(1, TinyModels.Config(featureLayer: 1).VisionLayersUsed);
    }

    public static TheoryData<string, Action<JsonObject>> Unsupported => new()
    {
        { "text_config.rope_scaling", j => j["text_config"]!["rope_scaling"] = new JsonObject { ["rope_type"] = "yarn", ["factor"] = 4.0 } },
        { "text_config.model_type", j => j["text_config"]!["model_type"] = "mistral" },
        { "text_config.hidden_act", j => j["text_config"]!["hidden_act"] = "gelu" },
        { "text_config.num_key_value_heads", j => j["text_config"]!["num_key_value_heads"] = 3 },
        { "text_config.hidden_size", j => j["text_config"]!.AsObject().Remove("hidden_size") },
        { "vision_config.model_type", j => j["vision_config"]!["model_type"] = "dinov2" },
        { "vision_config.hidden_act", j => j["vision_config"]!["hidden_act"] = "relu" },
        { "vision_config.image_size", j => j["vision_config"]!["image_size"] = 30 },
        { "vision_feature_layer", j => j["vision_feature_layer"] = 9 },
        { "vision_feature_layer", j => j["vision_feature_layer"] = new JsonArray(-2, -5) },
        { "vision_feature_select_strategy", j => j["vision_feature_select_strategy"] = "cls" },
        { "projector_hidden_act", j => j["projector_hidden_act"] = "relu" },
        { "image_token_index", j => j["image_token_index"] = 1000 },
        { "model_type", j => j["model_type"] = "llava_next" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void UnsupportedValue_IsRejectedNamingTheField(string field, Action<JsonObject> corrupt)
    {
        ArgumentNullException.ThrowIfNull(corrupt);
        var json = Json();
        corrupt(json);
        var path = Write(json);

        var error = Assert.Throws<ModelConfigException>(() => LlavaConfig.Load(path));

        Assert.Equal(field, error.Field);
        Assert.Equal(path, error.Path);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidJson_IsRejected()
    {
        var path = Path.Combine(_folder.FullName, "config.json");
        File.WriteAllText(path, "{ \"model_type\": ");

        Assert.Contains("not valid JSON", Assert.Throws<ModelConfigException>(() => LlavaConfig.Load(path)).Message, StringComparison.Ordinal);
    }
}
