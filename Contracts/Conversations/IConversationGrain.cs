namespace SparseVila.Contracts.Conversations;

/// <summary>One conversation of one tenant over one or more indexed videos, keyed <see cref="GrainKeys.For"/>(tenant, conversation id).</summary>
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Starts the conversation over <paramref name="videoIds"/>, which must be indexed videos of the same tenant.</summary>
    Task<ConversationInfo> StartAsync(IReadOnlyList<string> videoIds);

    /// <summary>Answers <paramref name="request"/>: the answer's text as it is generated, then the whole answer with evidence and stats.</summary>
    IAsyncEnumerable<AnswerChunk> AskAsync(AskRequest request);

    /// <summary>The conversation and its turns, or null when there is no such conversation.</summary>
    Task<ConversationInfo?> GetInfoAsync();
}
