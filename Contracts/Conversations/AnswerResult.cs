namespace SparseVila.Contracts.Conversations;

/// <summary>A whole answer: its text, the moments it drew on, and what it cost.</summary>
[GenerateSerializer, Immutable]
public sealed record AnswerResult(
    [property: Id(0)] string Answer,
    [property: Id(1)] IReadOnlyList<EvidenceItem> Evidence,
    [property: Id(2)] AnswerStats Stats);
