using SparseVila.Contracts.Conversations;

namespace SparseVila.Grains.Conversations;

/// <summary>
/// A turn as a conversation grain persists it: what users see, plus the answer's token ids and how it ended, so that a
/// conversation moved to another silo rebuilds exactly the same history (<c>Conversation.Replay</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PersistedTurn(
    [property: Id(0)] string Question,
    [property: Id(1)] string Answer,
    [property: Id(2)] IReadOnlyList<int> AnswerTokenIds,
    [property: Id(3)] string FinishReason,
    [property: Id(4)] IReadOnlyList<EvidenceItem> Evidence,
    [property: Id(5)] AnswerStats Stats,
    [property: Id(6)] DateTimeOffset AskedAt)
{
    /// <summary>What the contract shows of it.</summary>
    public ConversationTurn ToTurn() => new(Question, Answer, Evidence, AskedAt);
}
