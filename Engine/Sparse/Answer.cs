using SparseVila.Engine.Generation;

namespace SparseVila.Engine.Sparse;

/// <summary>A finished answer with the moments it drew on and what it cost.</summary>
public sealed record Answer(string Question, string Text, IReadOnlyList<int> TokenIds, FinishReason FinishReason, IReadOnlyList<Evidence> Evidence, AnswerStats Stats);

/// <summary>What answering one question cost.</summary>
/// <param name="VisualTokens">Visual tokens in the context (after query-agnostic pruning).</param>
/// <param name="RetrievedTokens">Visual tokens each layer and KV head decoded over.</param>
/// <param name="PromptTokens">Tokens of the turn's text prefilled.</param>
/// <param name="GeneratedTokens">Tokens generated.</param>
/// <param name="PrefillMilliseconds">Prefilling the turn's text over the full context, retrieval and gathering the compact cache.</param>
/// <param name="TimeToFirstTokenMilliseconds">From the question to the first token.</param>
/// <param name="DecodeMilliseconds">Generating the answer after the first token.</param>
public sealed record AnswerStats(
    int VisualTokens, int RetrievedTokens, int PromptTokens, int GeneratedTokens,
    double PrefillMilliseconds, double TimeToFirstTokenMilliseconds, double DecodeMilliseconds)
{
    /// <summary>Tokens per second after the first.</summary>
    public double DecodeTokensPerSecond => GeneratedTokens > 1 && DecodeMilliseconds > 0 ? (GeneratedTokens - 1) / (DecodeMilliseconds / 1000) : 0;
}
