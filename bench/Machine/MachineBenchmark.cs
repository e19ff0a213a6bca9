using System.Diagnostics;
using SparseVila.Bench.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace SparseVila.Bench.Machine;

/// <summary>
/// Measures the two ceilings engine work runs into on this machine: fp32 matmul throughput (prefill is
/// matmul-bound) and memory bandwidth (decode reads every weight and the KV cache once per token).
/// </summary>
public static class MachineBenchmark
{
    private static readonly int[] MatmulSizes = [512, 1024, 2048];
    private const int WarmupRepetitions = 2;
    private const int TimedRepetitions = 7;

    // 256 Mi floats = 1 GiB: far larger than any cache level, so sums and copies stream from DRAM.
    private const long BandwidthElements = 256L * 1024 * 1024;

    /// <summary>Runs the benchmark, prints the table and writes JSON when asked.</summary>
    public static async Task<int> Run(FileInfo? json)
    {
        var report = Measure();
        var matmul = report.Matmul;

        var table = new MarkdownTable("measure", "value");
        foreach (var m in matmul)
        {
            table.Add($"fp32 matmul {m.Size}³", $"{m.Gflops:F1} GFLOP/s ({m.BestMilliseconds:F2} ms)");
        }

        table.Add("memory read (sum of 1 GiB)", $"{report.ReadGigabytesPerSecond:F1} GB/s");
        table.Add("memory copy (1 GiB, read + write)", $"{report.CopyGigabytesPerSecond:F1} GB/s");
        Console.WriteLine($"Machine: {report.LogicalCores} logical cores, libtorch threads {report.TorchThreads}");
        Console.WriteLine();
        Console.Write(table);
        await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Measures the matmul peak and memory bandwidth (other benchmarks quote fractions of these).</summary>
    public static MachineReport Measure()
    {
        using var scope = NewDisposeScope();
        var matmul = MatmulSizes.Select(MeasureMatmul).ToList();

        using var source = rand(BandwidthElements);            // (N,) fp32
        using var destination = empty(BandwidthElements);      // (N,) fp32
        const double bytes = BandwidthElements * sizeof(float);
        var readSeconds = BestSeconds(() => source.sum().item<float>());
        var copySeconds = BestSeconds(() => destination.copy_(source));

        return new MachineReport(
            Environment.ProcessorCount,
            get_num_threads(),
            matmul,
            matmul.Max(m => m.Gflops),
            bytes / readSeconds / 1e9,
            2 * bytes / copySeconds / 1e9);
    }

    /// <summary>The median wall time of <paramref name="work"/> over timed repetitions, after warm-up.</summary>
    public static double MedianSeconds(Action work, int repetitions = TimedRepetitions)
    {
        for (var i = 0; i < WarmupRepetitions; i++)
        {
            work();
        }

        var samples = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(samples);
        return samples[repetitions / 2];
    }

    /// <summary>The best wall time of <paramref name="work"/> over timed repetitions, after warm-up: a ceiling.</summary>
    public static double BestSeconds(Action work)
    {
        work();
        var best = double.MaxValue;
        for (var i = 0; i < TimedRepetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }

    private static MatmulResult MeasureMatmul(int size)
    {
        using var scope = NewDisposeScope();
        var a = randn(size, size);                             // (n, n)
        var b = randn(size, size);                             // (n, n)
        // The peak is the best of the repetitions: on a shared machine the median mixes in other work.
        var seconds = BestSeconds(() => a.matmul(b).Dispose());
        var flops = 2.0 * size * size * size;                  // one multiply and one add per inner-product term
        return new MatmulResult(size, seconds * 1e3, flops / seconds / 1e9);
    }
}
