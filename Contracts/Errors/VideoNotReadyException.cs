using SparseVila.Contracts.Videos;

namespace SparseVila.Contracts.Errors;

/// <summary>A conversation needs its videos indexed, and this one is not (yet): the caller can wait and ask again.</summary>
[GenerateSerializer]
public sealed class VideoNotReadyException : Exception
{
    public VideoNotReadyException(string videoId, VideoStatus status)
        : base($"Video '{videoId}' is {status.ToString().ToLowerInvariant()}, not indexed.") => (VideoId, Status) = (videoId, status);

    /// <summary>Not indexed (any more) because of <paramref name="reason"/>: a stored cache found damaged and being rebuilt, say.</summary>
    public VideoNotReadyException(string videoId, VideoStatus status, string reason)
        : base($"Video '{videoId}' is {status.ToString().ToLowerInvariant()}, not indexed: {reason}") => (VideoId, Status) = (videoId, status);

    public VideoNotReadyException()
        : this(string.Empty, VideoStatus.Uploaded)
    {
    }

    public VideoNotReadyException(string message, Exception innerException)
        : base(message, innerException) => VideoId = string.Empty;

    /// <summary>The video that is not indexed.</summary>
    [Id(0)]
    public string VideoId { get; }

    /// <summary>Its status.</summary>
    [Id(1)]
    public VideoStatus Status { get; }
}
