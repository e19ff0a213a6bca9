namespace SparseVila.Contracts.Conversations;

/// <summary>
/// One item of a streamed answer: a piece of text as it is generated, and last, the whole answer with its evidence and
/// stats (then <see cref="Text"/> is empty).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AnswerChunk([property: Id(0)] string Text, [property: Id(1)] AnswerResult? Final = null);
