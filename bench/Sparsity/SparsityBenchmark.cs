using System.Diagnostics;
using SparseVila.Bench.Machine;
using SparseVila.Bench.Reporting;
using SparseVila.Engine;
using SparseVila.Engine.Model;

namespace SparseVila.Bench.Sparsity;

/// <summary>
/// Dense, SparseVILA, prefill-only pruning and FastV side by side over one long generated video: each
/// method builds its own visual context from the same video and answers the same questions; LLM prefill,
/// time to first token, decode speed and end-to-end time are compared with dense.
/// </summary>
public static class SparsityBenchmark
{
    private const int WarmupVideoSeconds = 2;
    private const int WarmupNewTokens = 4;

    private const string AttentionLayoutNote =
        "full multi-head KV (16 KV heads, not GQA 16/4) so that, as for a long video on a multi-head LLaVA-style model, the dense "
        + "visual KV a decode step reads is larger than the weights; with GQA 4 the weights dominate and no token selection could speed decode past ~1.5×.";

    /// <summary>Runs the comparison, prints the table and writes JSON when asked.</summary>
    public static async Task<int> Run(FileInfo? json, SparsitySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var started = Stopwatch.GetTimestamp();
        Console.WriteLine("Measuring this machine's matmul peak and memory bandwidth…");
        var machine = MachineBenchmark.Measure();
        var folder = Directory.CreateTempSubdirectory("sparsevila-bench-sparsity-");
        try
        {
            Console.WriteLine($"Writing a random checkpoint and a {settings.VideoSeconds} s video…");
            var checkpoint = Directory.CreateDirectory(Path.Combine(folder.FullName, "checkpoint")).FullName;
            await BenchmarkCheckpointFolder.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            var video = Path.Combine(folder.FullName, "video.mp4");
            var warmupVideo = Path.Combine(folder.FullName, "warmup.mp4");
            await SyntheticVideo.WriteAsync(video, settings.VideoSeconds, cancellationToken).ConfigureAwait(false);
            await SyntheticVideo.WriteAsync(warmupVideo, WarmupVideoSeconds, cancellationToken).ConfigureAwait(false);

            using var vlm = VideoLanguageModel.Load(checkpoint, ModelLoadOptions.Cpu);
            Console.WriteLine("Warming up on a short video…");
            var warmup = settings with { Questions = settings.Questions.Take(1).ToList(), MaxNewTokens = WarmupNewTokens };
            _ = await MethodRunner.RunAsync(vlm, warmupVideo, SparsityMethod.SparseVila(settings), warmup, cancellationToken).ConfigureAwait(false);

            Console.WriteLine("Measuring each method over the long video…");
            var loads = new Dictionary<string, double?>();
            async Task<MethodResult> Measure(SparsityMethod method)
            {
                UnreachableTensors.Free();
                loads[method.Name] = LoadAverage.OneMinute();
                return await MethodRunner.RunAsync(vlm, video, method, settings, cancellationToken).ConfigureAwait(false);
            }

            var dense = await Measure(SparsityMethod.Dense()).ConfigureAwait(false);
            var sparseVila = await Measure(SparsityMethod.SparseVila(settings)).ConfigureAwait(false);
            var prefillOnly = await Measure(SparsityMethod.PrefillOnly(settings)).ConfigureAwait(false);
            var fastV = await Measure(SparsityMethod.FastV(sparseVila.RetrievedTokens)).ConfigureAwait(false);
            loads["end"] = LoadAverage.OneMinute();

            MethodResult[] methods = [dense, sparseVila, prefillOnly, fastV];
            var ratios = methods.Skip(1).ToDictionary(m => m.Method, m => SpeedupRatios.Against(dense, m));
            var report = new SparsityReport(machine, Config(settings, dense, sparseVila.RetrievedTokens), methods, ratios,
                TargetCheck.ForSparseVila(ratios[sparseVila.Method]), Stopwatch.GetElapsedTime(started).TotalSeconds, PeakWorkingSetBytes(), loads);
            SparsityTable.Print(report);
            await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static long PeakWorkingSetBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static SparsityConfigReport Config(SparsitySettings settings, MethodResult dense, int retrievedTokens)
    {
        const int fp32Bytes = sizeof(float);
        var model = SparsityBenchmarkModel.Config;
        return new SparsityConfigReport(
            SparsityBenchmarkModel.Description,
            AttentionLayoutNote,
            settings.VideoSeconds,
            SparsityMethod.SampledFramesPerSecond,
            dense.Frames,
            model.VisualTokensPerFrame,
            dense.VisualTokens,
            settings.KeepRatio,
            settings.RetrievalRatio,
            settings.KeepRatio * settings.RetrievalRatio,
            retrievedTokens,
            settings.Questions.Count,
            settings.MaxNewTokens,
            SparsityBenchmarkModel.KvBytesPerToken(fp32Bytes),
            SparsityBenchmarkModel.DecodeWeightBytes(fp32Bytes));
    }
}
