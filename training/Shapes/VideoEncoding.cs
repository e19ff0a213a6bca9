namespace SparseVila.Training.Shapes;

/// <summary>
/// How a task video is encoded: its codec, a whole number of frames per second (at least 2, so that a frame starts
/// exactly at every whole second), and its square frame side, 128 to 480 pixels and even (yuv420p halves the
/// chroma planes, so libx264 refuses odd sides). Validated on construction.
/// </summary>
public sealed record VideoEncoding
{
    /// <summary>The highest frame rate accepted: the scene changes once a second, more frames only cost time.</summary>
    public const int MaxFramesPerSecond = 60;

    /// <summary>Creates the encoding; throws <see cref="ArgumentOutOfRangeException"/> outside the ranges above.</summary>
    public VideoEncoding(VideoCodec codec, int framesPerSecond, int sizePixels)
    {
        Codec = Enum.IsDefined(codec) ? codec : throw new ArgumentOutOfRangeException(nameof(codec), codec, "not a codec of the task.");
        FramesPerSecond = framesPerSecond is >= ShapesTaskLimits.MinFramesPerSecond and <= MaxFramesPerSecond
            ? framesPerSecond
            : throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, $"must be {ShapesTaskLimits.MinFramesPerSecond} to {MaxFramesPerSecond}.");
        SizePixels = sizePixels is >= ShapesTaskLimits.MinVideoSizePixels and <= ShapesTaskLimits.MaxVideoSizePixels && sizePixels % 2 == 0
            ? sizePixels
            : throw new ArgumentOutOfRangeException(nameof(sizePixels), sizePixels,
                $"must be even and {ShapesTaskLimits.MinVideoSizePixels} to {ShapesTaskLimits.MaxVideoSizePixels}.");
    }

    /// <summary>The codec.</summary>
    public VideoCodec Codec { get; }

    /// <summary>Frames per second, a whole number.</summary>
    public int FramesPerSecond { get; }

    /// <summary>The frame's width and height.</summary>
    public int SizePixels { get; }

    /// <summary>The file extension the codec is stored under, with its dot: ".mp4" or ".webm".</summary>
    public string FileExtension => Codec == VideoCodec.H264 ? ".mp4" : ".webm";
}
