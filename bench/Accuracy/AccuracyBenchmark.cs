using System.Diagnostics;
using SparseVila.Bench.Reporting;
using SparseVila.Engine;
using SparseVila.Engine.Model;
using SparseVila.Engine.Storage;
using SparseVila.Training.Demo;

namespace SparseVila.Bench.Accuracy;

/// <summary>
/// Multi-turn exact-match accuracy of the shipped demo model on held-out shapes videos: dense, SparseVILA at two
/// budgets, prefill-only pruning and FastV at the same budgets, and SparseVILA's two stages alone, side by side on the
/// same conversations.
/// </summary>
public static class AccuracyBenchmark
{
    private const double DenseOverallTarget = 0.9;
    private const double DenseTypeTarget = 0.8;
    private const double SparseVilaMaxDropPoints = 2;

    /// <summary>SparseVILA's two budgets: (keep, retrieval).</summary>
    public static IReadOnlyList<(double Keep, double Retrieval)> Budgets { get; } = [(0.5, 0.1), (0.25, 0.05)];

    /// <summary>The methods of <c>bench accuracy</c>.</summary>
    public static IReadOnlyList<AccuracyMethod> Methods() =>
    [
        AccuracyMethod.Dense(),
        .. Budgets.Select(b => AccuracyMethod.SparseVila(b.Keep, b.Retrieval)),
        .. Budgets.Select(b => AccuracyMethod.PrefillOnly(b.Keep, b.Retrieval)),
        .. Budgets.Select(b => AccuracyMethod.FastV(b.Keep, b.Retrieval)),

        // SparseVILA's two stages one at a time at the service's budget, to tell which one costs what against dense.
        // Both reuse contexts the rows above build (keep 1 and keep 0.5), so they only add decoding.
        AccuracyMethod.PruningOnly(Budgets[0].Keep),
        AccuracyMethod.RetrievalOnly(Budgets[0].Retrieval),
    ];

    /// <summary>Dense and SparseVILA's rows with each storage codec: what <c>bench kv</c> adds.</summary>
    public static IReadOnlyList<AccuracyMethod> CodecMethods() =>
    [
        AccuracyMethod.Dense(),
        .. Budgets.SelectMany(b => new[] { KvCodec.Fp16, KvCodec.Int8, KvCodec.Int4 }.Select(codec => AccuracyMethod.SparseVila(b.Keep, b.Retrieval, codec))),
    ];

    /// <summary>Runs <see cref="Methods"/>, prints the table and writes JSON when asked.</summary>
    public static async Task<int> Run(FileInfo? json, string model, int conversations, CancellationToken cancellationToken)
    {
        var report = await MeasureAsync(model, Methods(), conversations, cancellationToken).ConfigureAwait(false);
        Print(report);
        await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Asks <paramref name="methods"/> <paramref name="conversations"/> held-out conversations with the model in <paramref name="model"/>.</summary>
    public static async Task<AccuracyReport> MeasureAsync(string model, IReadOnlyList<AccuracyMethod> methods, int conversations, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentOutOfRangeException.ThrowIfLessThan(conversations, 1);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Model {model}; {conversations} held-out conversations from seed {TrainCommand.HeldOutSeedStart}; methods {string.Join(", ", methods.Select(m => m.Name))}");
        using var vlm = VideoLanguageModel.Load(model, ModelLoadOptions.Cpu);
        var tallies = await AccuracyRunner.RunAsync(vlm, methods, conversations, cancellationToken).ConfigureAwait(false);
        return new AccuracyReport(model, conversations, TrainCommand.HeldOutSeedStart,
            tallies.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, double>)ByTurn(t.Value), StringComparer.Ordinal),
            tallies.ToDictionary(t => t.Key, t => t.Value.Overall, StringComparer.Ordinal),
            tallies.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, double>)ByType(t.Value), StringComparer.Ordinal),
            tallies.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>)ByLength(t.Value), StringComparer.Ordinal),
            Targets(tallies), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Prints the per-turn and per-type tables.</summary>
    public static void Print(AccuracyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var turns = report.Accuracy.Values.SelectMany(t => t.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var types = report.ByType.Values.SelectMany(t => t.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new MarkdownTable(["method", "overall", .. turns.Select(t => $"turn {t}"), .. types]);
        foreach (var (method, byTurn) in report.Accuracy)
        {
            table.Add([method, Percent(report.Overall[method]), .. turns.Select(t => Percent(byTurn.GetValueOrDefault(t))), .. types.Select(t => Percent(report.ByType[method].GetValueOrDefault(t)))]);
        }

        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        var buckets = report.ByLength.Values.SelectMany(b => b.Keys).Distinct().ToList();
        var byLength = new MarkdownTable(["method", .. buckets]);
        foreach (var (method, lengths) in report.ByLength)
        {
            byLength.Add([method, .. buckets.Select(b => lengths.TryGetValue(b, out var tally) ? Percent(tally[OverallKey]) : "")]);
        }

        Console.WriteLine("By video length (overall):");
        Console.Write(byLength);
        Console.WriteLine();
        if (report.ByLength.TryGetValue("dense", out var dense))
        {
            var denseByLength = new MarkdownTable(["dense", OverallKey, .. types]);
            foreach (var (bucket, tally) in dense)
            {
                denseByLength.Add([bucket, Percent(tally[OverallKey]), .. types.Select(t => tally.TryGetValue(t, out var v) ? Percent(v) : "")]);
            }

            Console.Write(denseByLength);
            Console.WriteLine();
        }

        foreach (var (target, met) in report.Targets)
        {
            Console.WriteLine($"{target}: {(met ? "met" : "NOT met")}");
        }
    }

    /// <summary>Per turn, keyed "1", "2", … as the report names turns.</summary>
    private static Dictionary<string, double> ByTurn(ShapesAccuracy accuracy) =>
        accuracy.ByTurn.OrderBy(p => p.Key).ToDictionary(p => (p.Key + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value);

    private static Dictionary<string, double> ByType(ShapesAccuracy accuracy) =>
        accuracy.ByType.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value);

    private const string OverallKey = "overall";

    /// <summary>Per range of video lengths, "overall" and per type (a type no video of the range was asked about is left out).</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, double>> ByLength(ShapesAccuracy accuracy) =>
        accuracy.ByLength.ToDictionary(
            b => b.Bucket.Label,
            b => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(ByType(b.Accuracy)) { [OverallKey] = b.Accuracy.Overall },
            StringComparer.Ordinal);

    private static Dictionary<string, bool> Targets(IReadOnlyDictionary<string, ShapesAccuracy> tallies)
    {
        var targets = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!tallies.TryGetValue("dense", out var dense))
        {
            return targets;
        }

        targets["dense_overall_at_least_90"] = dense.Overall >= DenseOverallTarget;
        targets["dense_every_type_at_least_80"] = dense.ByType.Values.All(v => v >= DenseTypeTarget);
        foreach (var (name, tally) in tallies.Where(t => t.Key.StartsWith("sparsevila", StringComparison.Ordinal)))
        {
            targets[$"{name}_within_2_points_of_dense_every_turn"] = tally.ByTurn.All(t => (dense.ByTurn[t.Key] - t.Value) * 100 <= SparseVilaMaxDropPoints);
        }

        return targets;
    }

    private static string Percent(double value) => $"{value * 100:F1}";
}
