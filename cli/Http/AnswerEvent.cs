namespace SparseVila.Cli.Http;

/// <summary>What a streamed answer sends, in order: tokens, then the evidence, then the whole answer.</summary>
public abstract record AnswerEvent;

/// <summary>Text generated so far, to print as it comes.</summary>
public sealed record AnswerToken(string Text) : AnswerEvent;

/// <summary>The moments retrieval picked.</summary>
public sealed record AnswerEvidence(IReadOnlyList<Evidence> Evidence) : AnswerEvent;

/// <summary>The answer as a whole: the last event.</summary>
public sealed record AnswerDone(AnswerResult Answer) : AnswerEvent;
