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

    /// <summary>
    /// Writes a whole checkpoint of the demo architecture with seeded random weights (initialised as training starts):
    /// real shapes and deterministic answers, for tests and benchmarks that need a model but not a trained one.
    /// </summary>
    public static Task WriteRandomAsync(string folder, int seed = 7) => Task.Run(() =>
    {
        var config = WriteSupportFiles(folder);
        manual_seed(seed);
        using var model = new LlavaModel(config);
        TrainingInitialization.Apply(model);
        SaveWeights(model, folder);
    });

    /// <summary>Writes the weights (fp16, one file) and config.json.</summary>
    public static void SaveWeights(LlavaModel model, string folder) =>
        LlavaCheckpointWriter.Save(model, folder, CheckpointLayout.ModelFirst, ScalarType.Float16);
}
