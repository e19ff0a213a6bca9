using System.Text.Json.Nodes;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Tests.Model;
using SparseVila.Engine.Tests.Tokenization;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.EndToEnd;

/// <summary>
/// A complete llava-hf checkpoint folder with random weights: config.json, safetensors, the tiny
/// ChatML byte-level tokenizer (tokenizer.json + tokenizer_config.json), generation_config.json and a
/// CLIP-style preprocessor_config.json for 28-pixel frames. The weights are the same in every run
/// (<see cref="WeightsSeed"/>), so tests over them pass or fail for good, not by the draw.
/// </summary>
internal static class TinyCheckpointFolder
{
    /// <summary>Room for the tokenizer's ids; the last id is the image token.</summary>
    public const int VocabSize = 288;

    /// <summary>Seed of the random weights.</summary>
    public const ulong WeightsSeed = 1;

    public static LlavaConfig Config { get; } = TinyModels.Config() with
    {
        Text = TinyModels.Text() with { VocabSize = VocabSize },
        ImageTokenId = VocabSize - 1,
    };

    public static async Task<CheckpointFolder> WriteAsync()
    {
        var folder = new CheckpointFolder();
        using (var model = SeededWeights.Apply(new LlavaModel(Config), WeightsSeed))
        {
            LlavaCheckpointWriter.Save(model, folder.Path, CheckpointLayout.ModelFirst, ScalarType.Float32);
        }

        await TinyByteLevelBpe.WriteTokenizerJsonAsync(folder);
        await TinyByteLevelBpe.WriteConfigAsync(folder);
        await folder.WriteAsync("generation_config.json", new JsonObject { ["eos_token_id"] = TinyByteLevelBpe.ImEnd });
        await folder.WriteAsync("preprocessor_config.json", new JsonObject
        {
            ["image_processor_type"] = "CLIPImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["shortest_edge"] = 28 },
            ["resample"] = 3,
            ["do_center_crop"] = true,
            ["crop_size"] = new JsonObject { ["height"] = 28, ["width"] = 28 },
            ["do_rescale"] = true,
            ["rescale_factor"] = 1 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.48145466, 0.4578275, 0.40821073),
            ["image_std"] = new JsonArray(0.26862954, 0.26130258, 0.27577711),
            ["do_convert_rgb"] = true,
        });
        return folder;
    }
}
