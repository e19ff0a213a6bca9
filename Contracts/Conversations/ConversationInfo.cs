namespace SparseVila.Contracts.Conversations;

/// <summary>A conversation: whose it is, the videos it is about, and its turns so far.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] TenantId Tenant,
    [property: Id(2)] IReadOnlyList<string> VideoIds,
    [property: Id(3)] IReadOnlyList<ConversationTurn> Turns);
