namespace SparseVila.Contracts.Conversations;

/// <summary>A question for a conversation.</summary>
/// <param name="Question">The question's text.</param>
/// <param name="MaxNewTokens">The most tokens the answer may have.</param>
[GenerateSerializer, Immutable]
public sealed record AskRequest([property: Id(0)] string Question, [property: Id(1)] int MaxNewTokens = AskRequest.DefaultMaxNewTokens)
{
    /// <summary>Answers are short: the default limit.</summary>
    public const int DefaultMaxNewTokens = 64;
}
