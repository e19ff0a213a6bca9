using System.Text.Json.Nodes;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Training;
using static TorchSharp.torch;

namespace SparseVila.Training.Demo;

/// <summary>Writes the demo model's checkpoint folder in the Hugging Face layout the engine loads.</summary>
public static class DemoCheckpoint
{
    /// <summary>Writes the tokenizer and preprocessor files and returns the model configuration that fits them.</summary>
    public static LlavaConfig WriteSupportFiles(string folder, string selectStrategy = DemoModelArchitecture.DefaultSelectStrategy, int keyValueHeads = DemoModelArchitecture.DefaultKeyValueHeads)
    {
        Directory.CreateDirectory(folder);
        var ids = WordTokenizerFiles.Write(folder, DemoVocabulary.Words, WordTokenizerFiles.DigitRunsPattern);
        var size = DemoModelArchitecture.ImageSizePixels;
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "SiglipImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = size, ["width"] = size },
            ["resample"] = 3,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
            ["image_std"] = new JsonArray(0.5, 0.5, 0.5),
            ["do_convert_rgb"] = true,
        }.ToJsonString(new() { WriteIndented = true }));
        return DemoModelArchitecture.Config(ids, selectStrategy, keyValueHeads);
    }

    /// <summary>Writes the weights (fp16, one file) and config.json.</summary>
    public static void SaveWeights(LlavaModel model, string folder) =>
        LlavaCheckpointWriter.Save(model, folder, CheckpointLayout.ModelFirst, ScalarType.Float16);
}
