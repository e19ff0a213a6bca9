using SparseVila.Engine.Generation;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// What a conversation needs to restore one past turn (<see cref="Conversation.Replay(IReadOnlyList{ReplayedTurn})"/>):
/// the question as asked and the answer's token ids as generated (without the end-of-sequence token), with why it ended.
/// </summary>
/// <param name="Question">The question, as given to <see cref="Conversation.Prepare"/> or <see cref="Conversation.Ask"/>.</param>
/// <param name="AnswerTokenIds">The answer's ids, <see cref="Answer.TokenIds"/>.</param>
/// <param name="FinishReason">Why the answer ended, <see cref="Answer.FinishReason"/>.</param>
public sealed record ReplayedTurn(string Question, IReadOnlyList<int> AnswerTokenIds, FinishReason FinishReason)
{
    /// <summary>The turn of <paramref name="answer"/>.</summary>
    public static ReplayedTurn Of(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new ReplayedTurn(answer.Question, answer.TokenIds, answer.FinishReason);
    }
}
