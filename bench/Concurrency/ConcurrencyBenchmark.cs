using System.Diagnostics;
using SparseVila.Bench.EngineThroughput;
using SparseVila.Bench.Machine;
using SparseVila.Bench.Reporting;
using SparseVila.Bench.Sparsity;
using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Grains.Inference;

namespace SparseVila.Bench.Concurrency;

/// <summary>
/// Aggregate answer tokens/s of 1, 4 and 8 conversations asking at once on one silo: the service's silo in this process,
/// serving a random Qwen2-style checkpoint, over one indexed video. Every question goes through the conversation grain as
/// a user's does: prefill on the inference scheduler, decode in the silo's shared batcher.
/// </summary>
public static class ConcurrencyBenchmark
{
    private static readonly TenantId Tenant = TenantId.Parse("bench");

    /// <summary>Runs the levels, prints the table and writes JSON when asked.</summary>
    public static async Task<int> Run(FileInfo? json, ConcurrencySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var started = Stopwatch.GetTimestamp();
        var folder = Directory.CreateTempSubdirectory("sparsevila-bench-concurrency-");
        try
        {
            Console.WriteLine($"Writing a random checkpoint and a {settings.VideoSeconds} s video…");
            var checkpoint = Directory.CreateDirectory(Path.Combine(folder.FullName, "model")).FullName;
            await BenchmarkCheckpointFolder.WriteAsync(checkpoint, EngineBenchmarkModel.Config, cancellationToken).ConfigureAwait(false);
            var video = Path.Combine(folder.FullName, "video.mp4");
            await SyntheticVideo.WriteAsync(video, settings.VideoSeconds, cancellationToken).ConfigureAwait(false);

            Console.WriteLine("Starting a silo and indexing the video…");
            await using var silo = await BenchSilo.StartAsync(checkpoint, Path.Combine(folder.FullName, "data"), cancellationToken).ConfigureAwait(false);
            var videoId = await silo.UploadAndIndexAsync(Tenant, video, cancellationToken).ConfigureAwait(false);

            // Warm-up: the context is read into the silo's cache and the code paths run once.
            var warmup = await StartConversationsAsync(silo, videoId, 1).ConfigureAwait(false);
            var first = await AskAsync(warmup[0], settings.Questions[0], settings.MaxNewTokens).ConfigureAwait(false);

            var batcher = (await silo.Service<ModelHost>().GetAsync().ConfigureAwait(false)).Batcher;
            var loads = new Dictionary<string, double?>();
            var levels = new List<ConcurrencyLevelResult>();
            foreach (var level in settings.Levels)
            {
                Console.WriteLine($"{level} conversation(s) asking at once…");
                loads[$"x{level}"] = LoadAverage.OneMinute();
                var conversations = await StartConversationsAsync(silo, videoId, level).ConfigureAwait(false);
                var before = batcher.Stats;
                var clock = Stopwatch.StartNew();
                var asks = await Task.WhenAll(conversations.Select((conversation, c) => AskInTurnAsync(conversation, c, settings))).ConfigureAwait(false);
                var wall = clock.Elapsed.TotalSeconds;
                var after = batcher.Stats;
                levels.Add(Summarize(level, [.. asks.SelectMany(a => a)], wall, after.Steps - before.Steps, after.RowSteps - before.RowSteps,
                    after.StepSeconds - before.StepSeconds));
            }

            loads["end"] = LoadAverage.OneMinute();
            var baseline = levels[0];
            var ratios = levels.Skip(1).ToDictionary(l => $"x{l.Conversations}_vs_x1", l => l.AggregateTokensPerSecond / baseline.AggregateTokensPerSecond);
            var decodeRatios = levels.Skip(1).ToDictionary(l => $"x{l.Conversations}_vs_x1", l => l.BatcherTokensPerSecond / baseline.BatcherTokensPerSecond);
            var targets = new Dictionary<string, bool>();
            if (ratios.TryGetValue("x8_vs_x1", out var x8))
            {
                targets["decode tokens/s at 8 conversations ≥ 3× one"] = decodeRatios["x8_vs_x1"] >= 3;
            }

            var report = new ConcurrencyReport(
                "qwen2 12×1024 (GQA 16/4) + SigLIP-like 12×768 @224/16, random weights, fp32 on CPU", first.Stats.VisualTokens, first.Stats.RetrievedTokens,
                settings, levels, ratios, decodeRatios, targets, loads, Stopwatch.GetElapsedTime(started).TotalSeconds);
            Print(report);
            await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlyList<IConversationGrain>> StartConversationsAsync(BenchSilo silo, string videoId, int count)
    {
        var conversations = Enumerable.Range(0, count).Select(_ => silo.Grains.GetGrain<IConversationGrain>(GrainKeys.For(Tenant, GrainKeys.NewId()))).ToList();
        foreach (var conversation in conversations)
        {
            await conversation.StartAsync([videoId]).ConfigureAwait(false);
        }

        return conversations;
    }

    /// <summary>One conversation's questions, one after another; conversation <paramref name="index"/> starts at its own question.</summary>
    private static async Task<List<TimedAnswer>> AskInTurnAsync(IConversationGrain conversation, int index, ConcurrencySettings settings)
    {
        var answers = new List<TimedAnswer>();
        for (var turn = 0; turn < settings.QuestionsPerConversation; turn++)
        {
            answers.Add(await AskAsync(conversation, settings.Questions[(index + turn) % settings.Questions.Count], settings.MaxNewTokens).ConfigureAwait(false));
        }

        return answers;
    }

    private static async Task<TimedAnswer> AskAsync(IConversationGrain conversation, string question, int maxNewTokens)
    {
        var asked = Stopwatch.GetTimestamp();
        long? firstText = null;
        AnswerResult? final = null;
        await foreach (var chunk in conversation.AskAsync(new AskRequest(question, maxNewTokens)).ConfigureAwait(false))
        {
            if (chunk.Text.Length > 0)
            {
                firstText ??= Stopwatch.GetTimestamp();
            }

            final = chunk.Final ?? final;
        }

        var done = Stopwatch.GetTimestamp();
        var result = final ?? throw new InvalidOperationException("The answer stream ended without its final result.");
        return new TimedAnswer(asked, firstText ?? done, done, result.Stats);
    }

    private static ConcurrencyLevelResult Summarize(int level, IReadOnlyList<TimedAnswer> answers, double wallSeconds, long steps, long rowSteps, double stepSeconds)
    {
        var tokens = answers.Sum(a => (long)a.Stats.GeneratedTokens);
        var ttft = answers.Select(a => Stopwatch.GetElapsedTime(a.Asked, a.FirstText).TotalMilliseconds).Order().ToList();
        var total = answers.Select(a => Stopwatch.GetElapsedTime(a.Asked, a.Done).TotalMilliseconds).Order().ToList();
        var decodingSeconds = UnionSeconds(answers.Select(a => (a.FirstText, a.Done)));
        return new ConcurrencyLevelResult(level, answers.Count, tokens, wallSeconds, tokens / wallSeconds, decodingSeconds > 0 ? tokens / decodingSeconds : 0,
            stepSeconds > 0 ? rowSteps / stepSeconds : 0, steps == 0 ? 0 : (double)rowSteps / steps, steps == 0 ? 0 : stepSeconds * 1000 / steps,
            Percentile(ttft, 0.5), Percentile(ttft, 0.95), Percentile(total, 0.5), Percentile([.. answers.Select(a => a.Stats.PrefillMilliseconds).Order()], 0.5));
    }

    /// <summary>The time covered by at least one of <paramref name="intervals"/> (Stopwatch timestamps).</summary>
    private static double UnionSeconds(IEnumerable<(long From, long To)> intervals)
    {
        var (covered, end) = (0L, long.MinValue);
        foreach (var (from, to) in intervals.OrderBy(i => i.From))
        {
            var start = Math.Max(from, end);
            if (to > start)
            {
                covered += to - start;
            }

            end = Math.Max(end, to);
        }

        return (double)covered / Stopwatch.Frequency;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static void Print(ConcurrencyReport report)
    {
        Console.WriteLine();
        Console.WriteLine($"Model: {report.Model}; context {report.VisualTokens} visual tokens, {report.RetrievedTokens} retrieved a question; "
            + $"{report.Settings.QuestionsPerConversation} questions a conversation, {report.Settings.MaxNewTokens} tokens an answer");
        var table = new MarkdownTable("conversations", "answers", "tokens", "wall s", "aggregate tok/s", "while decoding tok/s", "decode tok/s", "rows/step", "ms/step",
            "TTFT p50 ms", "TTFT p95 ms", "answer p50 ms", "prefill p50 ms");
        foreach (var l in report.Levels)
        {
            table.Add(Fixed(l.Conversations, "F0"), Fixed(l.Answers, "F0"), Fixed(l.GeneratedTokens, "F0"), Fixed(l.WallSeconds, "F1"),
                Fixed(l.AggregateTokensPerSecond, "F1"), Fixed(l.DecodeTokensPerSecond, "F1"), Fixed(l.BatcherTokensPerSecond, "F1"), Fixed(l.MeanBatchRows, "F2"), Fixed(l.MillisecondsPerStep, "F0"),
                Fixed(l.TimeToFirstTokenP50Milliseconds, "F0"), Fixed(l.TimeToFirstTokenP95Milliseconds, "F0"), Fixed(l.AnswerP50Milliseconds, "F0"),
                Fixed(l.PrefillP50Milliseconds, "F0"));
        }

        Console.WriteLine(table);
        foreach (var (name, ratio) in report.Ratios)
        {
            Console.WriteLine($"{name}: aggregate {ratio:F2}×, decode {report.DecodeRatios[name]:F2}×");
        }

        foreach (var (target, met) in report.Targets)
        {
            Console.WriteLine($"{target}: {(met ? "met" : "NOT met")}");
        }
    }

    private static string Fixed(double value, string format) => value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    private sealed record TimedAnswer(long Asked, long FirstText, long Done, AnswerStats Stats);
}
