namespace SparseVila.Cli.Http;

// The Gateway's JSON (docs/api.md), as this client reads and writes it. Members the client does not use are left out.

/// <summary>A video: <see cref="Status"/> is one of <see cref="VideoStatuses"/>; <see cref="Error"/> says why it failed.</summary>
public sealed record Video(
    string Id, string Name, string Status, VideoProgress? Progress, string? Error, double? DurationSeconds, long SizeBytes, DateTimeOffset CreatedAt);

/// <summary>How far indexing has gone.</summary>
public sealed record VideoProgress(double Fraction, int FramesDone, int FramesTotal);

/// <summary>A page of videos, newest first; <see cref="Next"/> is the cursor of the next page.</summary>
public sealed record VideoPage(IReadOnlyList<Video> Items, string? Next);

/// <summary>What an uploaded archive became.</summary>
public sealed record ArchiveImport(string Id, IReadOnlyList<ArchiveVideo> Videos, IReadOnlyList<SkippedEntry> Skipped);

/// <summary>A video made from an archive entry.</summary>
public sealed record ArchiveVideo(string Id, string Name);

/// <summary>An archive entry that did not become a video, and why.</summary>
public sealed record SkippedEntry(string Entry, string Reason);

/// <summary>The body of <c>POST /api/conversations</c>.</summary>
public sealed record StartConversationRequest(IReadOnlyList<string> VideoIds);

/// <summary>A new conversation.</summary>
public sealed record ConversationCreated(string Id, IReadOnlyList<string> VideoIds);

/// <summary>The body of <c>POST /api/conversations/{id}/messages</c>.</summary>
public sealed record AskRequest(string Question, int? MaxNewTokens);

/// <summary>An answer with the evidence retrieval picked and the turn's stats.</summary>
public sealed record AnswerResult(string Answer, IReadOnlyList<Evidence> Evidence, AnswerStats Stats);

/// <summary>A moment of a video the answer drew on.</summary>
public sealed record Evidence(string VideoId, double TimestampSeconds, double Score);

/// <summary>What a turn cost.</summary>
public sealed record AnswerStats(int VisualTokens, int RetrievedTokens, double PrefillMs, double DecodeTokensPerSecond, int GeneratedTokens);

/// <summary>The data of a <c>token</c> event.</summary>
public sealed record TokenData(string Text);

/// <summary>
/// An RFC 9457 problem, as the Gateway reports every error; <see cref="VideoStatus"/> is where a video stands when a
/// conversation is refused because it is not indexed (409).
/// </summary>
public sealed record Problem(string? Title, string? Detail, int? Status)
{
    public string? VideoStatus { get; init; }
}

/// <summary>The statuses of <see cref="Video.Status"/>.</summary>
public static class VideoStatuses
{
    public const string Uploaded = "uploaded";
    public const string Indexing = "indexing";
    public const string Indexed = "indexed";
    public const string Failed = "failed";

    /// <summary>Whether a video in <paramref name="status"/> will not change again by itself.</summary>
    public static bool IsFinal(string status) => status is Indexed or Failed;
}
