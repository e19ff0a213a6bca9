namespace SparseVila.Engine.Video;

/// <summary>
/// Which instants of a video become frames. Every sampling is a regular grid, t(k) = first + k / rate,
/// so one ffmpeg <c>fps</c> filter can pick the frames in a single decoding pass. The frame taken at t
/// is the one displayed at t: the last frame whose presentation time is at or before t.
/// </summary>
public abstract record FrameSampling
{
    /// <summary>
    /// The default for <see cref="MaxFrameCount"/>: 1,024 frames, 17 minutes at one frame a second.
    /// Every frame becomes hundreds of vision tokens, so unbounded sampling of a long video exhausts memory
    /// long before it exhausts the video.
    /// </summary>
    public const int DefaultMaxFrameCount = 1024;

    private protected FrameSampling()
    {
    }

    /// <summary>The most frames a plan may have; more throws <see cref="FrameLimitExceededException"/>.</summary>
    public int MaxFrameCount
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxFrameCount), value, "must be positive.");
    } = DefaultMaxFrameCount;

    /// <summary>The sampled instants, in seconds from the start, for a video lasting <paramref name="durationSeconds"/>.</summary>
    public IReadOnlyList<double> TimestampsSeconds(double durationSeconds) => Grid(durationSeconds).TimestampsSeconds();

    /// <summary>The grid for a video lasting <paramref name="durationSeconds"/>, its frame count checked against the limit.</summary>
    internal SamplingGrid Grid(double durationSeconds)
    {
        if (!double.IsFinite(durationSeconds) || durationSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "must be a positive number of seconds.");
        }

        var grid = PlanGrid(durationSeconds);
        if (grid.FrameCount > MaxFrameCount)
        {
            throw new FrameLimitExceededException(this, durationSeconds, grid.FrameCount, MaxFrameCount);
        }

        return grid;
    }

    private protected abstract SamplingGrid PlanGrid(double durationSeconds);
}
