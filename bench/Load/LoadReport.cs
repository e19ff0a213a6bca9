namespace SparseVila.Bench.Load;

/// <summary>The load benchmark's results.</summary>
/// <param name="Model">The model the silos served.</param>
/// <param name="Settings">What was asked.</param>
/// <param name="Answers">Answers completed.</param>
/// <param name="Errors">Questions that failed (any non-200, error event or broken stream); the target is 0.</param>
/// <param name="GeneratedTokens">Tokens of all answers.</param>
/// <param name="WallSeconds">From the first question to the last answer.</param>
/// <param name="AggregateTokensPerSecond">All answers' tokens over the wall time.</param>
/// <param name="TimeToFirstTokenMilliseconds">p50, p95, p99 of question → first token event.</param>
/// <param name="AnswerMilliseconds">p50, p95, p99 of question → done event.</param>
/// <param name="Silos">Per silo: peak resident memory against its context-cache budget.</param>
public sealed record LoadReport(
    string Model, LoadSettings Settings, int Answers, int Errors, long GeneratedTokens, double WallSeconds, double AggregateTokensPerSecond,
    IReadOnlyDictionary<string, double> TimeToFirstTokenMilliseconds, IReadOnlyDictionary<string, double> AnswerMilliseconds,
    IReadOnlyList<SiloMemory> Silos);

/// <summary>A silo process's peak resident memory (VmHWM) and its visual-context budget, in MiB.</summary>
public sealed record SiloMemory(string Silo, double PeakResidentMiB, double ContextCacheBudgetMiB);
