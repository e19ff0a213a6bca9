using SparseVila.Engine.Model;
using SparseVila.Engine.Training;
using SparseVila.Training.Demo;
using static TorchSharp.torch;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>The demo model's architecture and tokenizer with seeded random weights: real shapes, deterministic answers.</summary>
internal static class RandomDemoModel
{
    public static Task WriteAsync(string folder, int seed = 7) => Task.Run(() =>
    {
        var config = DemoCheckpoint.WriteSupportFiles(folder);
        manual_seed(seed);
        using var model = new LlavaModel(config);
        TrainingInitialization.Apply(model);
        DemoCheckpoint.SaveWeights(model, folder);
    });
}
