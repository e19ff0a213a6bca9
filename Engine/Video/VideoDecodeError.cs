namespace SparseVila.Engine.Video;

/// <summary>Why a video could not be read; carried by <see cref="VideoDecodeException"/>.</summary>
public enum VideoDecodeError
{
    /// <summary>No file at the path.</summary>
    NotFound,

    /// <summary>The file has zero bytes.</summary>
    Empty,

    /// <summary>The file is media, but holds no video stream (audio only, or only cover art).</summary>
    NoVideoStream,

    /// <summary>ffprobe or ffmpeg cannot read it: not media, an unknown codec, or a decoder failure.</summary>
    Undecodable,

    /// <summary>The file promises more video than it holds: decoding ended well before its stated duration.</summary>
    Truncated,
}
