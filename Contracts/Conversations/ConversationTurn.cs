namespace SparseVila.Contracts.Conversations;

/// <summary>A question and its answer.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationTurn(
    [property: Id(0)] string Question,
    [property: Id(1)] string Answer,
    [property: Id(2)] IReadOnlyList<EvidenceItem> Evidence,
    [property: Id(3)] DateTimeOffset AskedAt);
