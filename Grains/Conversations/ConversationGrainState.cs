namespace SparseVila.Grains.Conversations;

/// <summary>What a <see cref="ConversationGrain"/> persists: its videos and its turns.</summary>
[GenerateSerializer]
public sealed class ConversationGrainState
{
    /// <summary>The videos, in the order their contexts are joined; empty until started.</summary>
    [Id(0)]
    public List<string> VideoIds { get; set; } = [];

    [Id(1)]
    public List<PersistedTurn> Turns { get; set; } = [];

    [Id(2)]
    public DateTimeOffset StartedAt { get; set; }
}
