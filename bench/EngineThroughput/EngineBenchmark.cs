using System.Diagnostics;
using SparseVila.Bench.Machine;
using SparseVila.Bench.Reporting;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Layers;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;

namespace SparseVila.Bench.EngineThroughput;

/// <summary>
/// Vision-encoder frames/s, LLM prefill tokens/s and decode tokens/s at long contexts, each set
/// against this machine's matmul peak (prefill) or memory bandwidth (decode) measured in the same run.
/// </summary>
public static class EngineBenchmark
{
    private const int VisionBatchFrames = 8;
    private const int PrefillChunkTokens = 1024;
    private const int DecodeSteps = 16;

    /// <summary>Runs the benchmark, prints the table and writes JSON when asked.</summary>
    public static async Task<int> Run(FileInfo? json, IReadOnlyList<int> contexts)
    {
        Console.WriteLine("Measuring this machine's matmul peak and memory bandwidth…");
        var machine = MachineBenchmark.Measure();
        var config = EngineBenchmarkModel.Config;
        var folder = Directory.CreateTempSubdirectory("sparsevila-bench-engine-");
        try
        {
            Console.WriteLine("Writing and loading a random checkpoint…");
            using (var random = new LlavaModel(config))
            {
                LlavaCheckpointWriter.Save(random, folder.FullName, CheckpointLayout.ModelFirst, ScalarType.BFloat16);
            }

            var loadStart = Stopwatch.GetTimestamp();
            using var model = LlavaModel.Load(folder.FullName, ModelLoadOptions.Cpu);
            var loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;

            using var inference = no_grad();
            var (framesPerSecond, visionGflops) = MeasureVision(model);
            var results = contexts.Select(context => MeasureContext(model.LanguageModel, context, machine)).ToList();
            var report = new EngineReport(machine, "qwen2 12×1024 (GQA 16/4) + SigLIP-like 12×768 @224/16, fp32", loadSeconds, framesPerSecond, visionGflops, results);
            Print(report);
            await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (double FramesPerSecond, double Gflops) MeasureVision(LlavaModel model)
    {
        using var scope = NewDisposeScope();
        var image = model.Config.Vision.ImageSize;
        var pixels = randn(VisionBatchFrames, 3, image, image);                                   // (N, 3, H, W)
        var seconds = MachineBenchmark.MedianSeconds(() => model.EncodeFrames(pixels).Dispose(), repetitions: 3);
        var vision = model.Config.Vision;
        double tokens = vision.PatchTokens, d = vision.HiddenSize;
        var perFrame = model.Config.VisionLayersUsed * (2 * tokens * (4 * d * d + 2 * d * vision.IntermediateSize) + 4 * tokens * tokens * d);
        return (VisionBatchFrames / seconds, VisionBatchFrames * perFrame / seconds / 1e9);
    }

    private static ContextResult MeasureContext(CausalLanguageModel lm, int contextTokens, MachineReport machine)
    {
        Console.WriteLine($"Prefill and decode at {contextTokens} tokens…");
        using var scope = NewDisposeScope();
        var text = lm.Config;
        using var cache = lm.NewCache(contextTokens + DecodeSteps, ScalarType.Float32, CPU);
        var prompt = randn(1, contextTokens, text.HiddenSize).MulScalar(0.02);                              // (1, T, D)

        var start = Stopwatch.GetTimestamp();
        for (var chunk = 0; chunk < contextTokens; chunk += PrefillChunkTokens)
        {
            using var step = NewDisposeScope();
            var end = Math.Min(contextTokens, chunk + PrefillChunkTokens);
            lm.Forward(new DecoderInput(prompt[.., chunk..end, ..], [cache], Logits: end == contextTokens ? LogitsSelection.LastToken : LogitsSelection.None));
        }

        var prefillSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var prefillFlops = EngineBenchmarkModel.LinearFlopsPerToken(text) * contextTokens + EngineBenchmarkModel.AttentionFlops(text, 0, contextTokens);

        var token = randn(1, 1, text.HiddenSize).MulScalar(0.02);                                           // (1, 1, D)
        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < DecodeSteps; i++)
        {
            using var step = NewDisposeScope();
            lm.Forward(new DecoderInput(token, [cache])).argmax().item<long>();
        }

        var decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds / DecodeSteps;
        var bytesPerToken = EngineBenchmarkModel.DecodeBytesPerToken(text, contextTokens + DecodeSteps / 2, sizeof(float));
        var prefillGflops = prefillFlops / prefillSeconds / 1e9;
        var decodeGigabytes = bytesPerToken / decodeSeconds / 1e9;
        return new ContextResult(contextTokens, prefillSeconds, contextTokens / prefillSeconds, prefillGflops,
            prefillGflops / machine.PeakMatmulGflops, 1 / decodeSeconds, decodeGigabytes, decodeGigabytes / machine.ReadGigabytesPerSecond);
    }

    private static void Print(EngineReport report)
    {
        Console.WriteLine();
        Console.WriteLine($"Model: {report.Model}; checkpoint (bf16 safetensors) loaded in {report.CheckpointLoadSeconds:F1} s");
        Console.WriteLine($"Machine: fp32 matmul peak {report.Machine.PeakMatmulGflops:F0} GFLOP/s, memory read {report.Machine.ReadGigabytesPerSecond:F1} GB/s");
        Console.WriteLine($"Vision encoder: {report.VisionFramesPerSecond:F1} frames/s ({report.VisionGflops:F0} GFLOP/s, {report.VisionGflops / report.Machine.PeakMatmulGflops:P0} of peak)");
        Console.WriteLine();
        var table = new MarkdownTable("context", "prefill tokens/s", "prefill GFLOP/s", "of matmul peak", "decode tokens/s", "decode GB/s", "of bandwidth");
        foreach (var c in report.Contexts)
        {
            table.Add($"{c.ContextTokens}", $"{c.PrefillTokensPerSecond:F0}", $"{c.PrefillGflops:F0}", $"{c.PrefillFractionOfMatmulPeak:P0}",
                $"{c.DecodeTokensPerSecond:F1}", $"{c.DecodeGigabytesPerSecond:F1}", $"{c.DecodeFractionOfBandwidth:P0}");
        }

        Console.Write(table);
    }
}
