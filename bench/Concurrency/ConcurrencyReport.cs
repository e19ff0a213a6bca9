namespace SparseVila.Bench.Concurrency;

/// <summary>One level: <paramref name="Conversations"/> conversations asking at once on the silo.</summary>
/// <param name="Conversations">Conversations asking at once.</param>
/// <param name="Answers">Answers decoded.</param>
/// <param name="GeneratedTokens">Tokens of all answers.</param>
/// <param name="WallSeconds">From the first question to the last answer.</param>
/// <param name="AggregateTokensPerSecond">All answers' tokens over the wall time (prefill and queueing included).</param>
/// <param name="DecodeTokensPerSecond">All answers' tokens over the time some answer was decoding (prefill-only stretches excluded).</param>
/// <param name="BatcherTokensPerSecond">Tokens the silo's decode batcher decoded per second of its steps: decode throughput alone.</param>
/// <param name="MeanBatchRows">Sequences per decode forward: how much the silo's batcher joined.</param>
/// <param name="MillisecondsPerStep">The batcher's mean step time.</param>
/// <param name="TimeToFirstTokenP50Milliseconds">Median time from a question to its first streamed text.</param>
/// <param name="TimeToFirstTokenP95Milliseconds">95th percentile of the same.</param>
/// <param name="AnswerP50Milliseconds">Median time from a question to its final result.</param>
/// <param name="PrefillP50Milliseconds">Median time the engine took to prefill a question over the context and retrieve (queueing excluded).</param>
public sealed record ConcurrencyLevelResult(
    int Conversations, int Answers, long GeneratedTokens, double WallSeconds, double AggregateTokensPerSecond, double DecodeTokensPerSecond,
    double BatcherTokensPerSecond, double MeanBatchRows, double MillisecondsPerStep, double TimeToFirstTokenP50Milliseconds, double TimeToFirstTokenP95Milliseconds, double AnswerP50Milliseconds,
    double PrefillP50Milliseconds);

/// <summary>The concurrency benchmark's results.</summary>
/// <param name="Model">The model served.</param>
/// <param name="VisualTokens">Visual tokens of the video's context, after query-agnostic pruning.</param>
/// <param name="RetrievedTokens">Visual tokens each answer decodes over.</param>
/// <param name="Settings">What was asked.</param>
/// <param name="Levels">One row per level.</param>
/// <param name="Ratios">Each level's aggregate tokens/s relative to one conversation: <c>x4_vs_x1</c>, <c>x8_vs_x1</c>…</param>
/// <param name="DecodeRatios">The same for the batcher's decode tokens/s (the target).</param>
/// <param name="Targets">Each target and whether it was met.</param>
/// <param name="LoadAverages">The machine's one-minute load average before each level.</param>
/// <param name="TotalSeconds">The whole run.</param>
public sealed record ConcurrencyReport(
    string Model, int VisualTokens, int RetrievedTokens, ConcurrencySettings Settings, IReadOnlyList<ConcurrencyLevelResult> Levels,
    IReadOnlyDictionary<string, double> Ratios, IReadOnlyDictionary<string, double> DecodeRatios, IReadOnlyDictionary<string, bool> Targets,
    IReadOnlyDictionary<string, double?> LoadAverages, double TotalSeconds);
