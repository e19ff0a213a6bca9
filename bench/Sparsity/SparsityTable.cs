using System.Globalization;
using SparseVila.Bench.Reporting;

namespace SparseVila.Bench.Sparsity;

/// <summary>Prints a <see cref="SparsityReport"/> as a Markdown table with a line on the targets.</summary>
public static class SparsityTable
{
    /// <summary>Writes the report to stdout.</summary>
    public static void Print(SparsityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var config = report.Config;
        Console.WriteLine();
        Console.WriteLine($"Model: {config.Model}");
        Console.WriteLine($"Why MHA: {config.AttentionLayoutNote}");
        Console.WriteLine($"Machine: {report.Machine.LogicalCores} cores, fp32 matmul peak {report.Machine.PeakMatmulGflops:F0} GFLOP/s, "
            + $"memory read {report.Machine.ReadGigabytesPerSecond:F1} GB/s");
        Console.WriteLine($"Video: {config.VideoSeconds} s, {config.Frames} frames at {config.FramesPerSecondSampled:G} fps, "
            + $"{config.VisualTokensBeforePruning} visual tokens before pruning; KV {config.KvBytesPerToken / 1024.0:F0} KiB/token, "
            + $"decode weights {config.DecodeWeightBytes / 1e9:F2} GB");
        Console.WriteLine($"Keep {config.KeepRatio:G}, retrieval {config.RetrievalRatio:G}; prefill-only keep {config.PrefillOnlyKeepRatio:G}; "
            + $"FastV budget {config.FastVTokenBudget}; {config.Turns} turns × {config.MaxNewTokens} new tokens");
        Console.WriteLine();

        var table = new MarkdownTable("method", "visual tokens", "retrieved", "vision encode ms", "prefill ms", "ttft ms", "decode tok/s", "e2e ms",
            "prefill ×", "decode ×", "e2e ×");
        foreach (var m in report.Methods)
        {
            var ratios = report.Ratios.GetValueOrDefault(m.Method);
            table.Add(m.Method, Whole(m.VisualTokens), Whole(m.RetrievedTokens), Whole(m.VisionEncodeMilliseconds), Whole(m.PrefillMilliseconds),
                Whole(m.TimeToFirstTokenMilliseconds), m.DecodeTokensPerSecond.ToString("F2", CultureInfo.InvariantCulture), Whole(m.EndToEndMilliseconds),
                Times(ratios?.PrefillSpeedup), Times(ratios?.DecodeSpeedup), Times(ratios?.E2eSpeedup));
        }

        Console.Write(table);
        Console.WriteLine();
        Console.WriteLine("Vision encoding is excluded from prefill and e2e. Dense's TTFT includes the engine's dense path copying the whole "
            + "visual context into a decode cache every turn.");
        var checks = report.Targets.Select(t => $"{t.Name} {t.MeasuredSpeedup:F2}× (target ≥ {t.TargetSpeedup:G}×) {(t.Met ? "met" : "NOT met")}");
        Console.WriteLine($"SparseVILA targets: {string.Join("; ", checks)}.");
        var shortTurns = report.Methods.SelectMany(m => m.Turns.Select(t => (m.Method, t.GeneratedTokens))).Where(t => t.GeneratedTokens <= 16).ToList();
        if (shortTurns.Count > 0)
        {
            Console.WriteLine($"Warning: decode measured over fewer than 16 tokens in {shortTurns.Count} turn(s): "
                + string.Join(", ", shortTurns.Select(t => $"{t.Method} ({t.GeneratedTokens} tokens)")));
        }

        var loads = report.LoadAverages.Select(l => $"{l.Key} {(l.Value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "?")}");
        Console.WriteLine($"Total run time: {report.TotalSeconds:F0} s; peak memory {report.PeakWorkingSetBytes / 1e9:F1} GB; one-minute load average (2 cores shared) before each method: {string.Join(", ", loads)}");
    }

    private static string Whole(double value) => value.ToString("F0", CultureInfo.InvariantCulture);

    private static string Times(double? ratio) => ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : "—";
}
