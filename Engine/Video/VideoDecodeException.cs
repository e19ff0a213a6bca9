namespace SparseVila.Engine.Video;

/// <summary>A video that cannot be probed or decoded. The message names the file and says why.</summary>
public sealed class VideoDecodeException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> should begin with the file's name.</summary>
    public VideoDecodeException(string path, VideoDecodeError reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The path that was read, as given.</summary>
    public string Path { get; }

    /// <summary>The kind of failure.</summary>
    public VideoDecodeError Reason { get; }
}
