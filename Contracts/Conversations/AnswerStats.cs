namespace SparseVila.Contracts.Conversations;

/// <summary>What answering cost.</summary>
/// <param name="VisualTokens">Visual tokens in the conversation's contexts (after query-agnostic pruning).</param>
/// <param name="RetrievedTokens">Visual tokens the question's retrieval kept for decoding.</param>
/// <param name="PrefillMilliseconds">Time to prefill the question and pick the tokens.</param>
/// <param name="DecodeTokensPerSecond">Answer tokens per second of decoding.</param>
/// <param name="GeneratedTokens">Tokens the answer was decoded in.</param>
[GenerateSerializer, Immutable]
public sealed record AnswerStats(
    [property: Id(0)] int VisualTokens,
    [property: Id(1)] int RetrievedTokens,
    [property: Id(2)] double PrefillMilliseconds,
    [property: Id(3)] double DecodeTokensPerSecond,
    [property: Id(4)] int GeneratedTokens);
