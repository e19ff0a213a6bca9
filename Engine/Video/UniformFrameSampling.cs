namespace SparseVila.Engine.Video;

/// <summary>
/// <see cref="FrameCount"/> frames spread evenly: the video is cut into that many equal slices and each
/// slice gives the frame at its centre, t(k) = (k + ½) · duration / FrameCount.
/// </summary>
public sealed record UniformFrameSampling(int FrameCount) : FrameSampling
{
    /// <summary>How many frames, whatever the video's length.</summary>
    public int FrameCount { get; } =
        FrameCount > 0 ? FrameCount : throw new ArgumentOutOfRangeException(nameof(FrameCount), FrameCount, "must be positive.");

    private protected override SamplingGrid PlanGrid(double durationSeconds) =>
        new(FirstSeconds: durationSeconds / (2.0 * FrameCount), FramesPerPeriod: FrameCount, PeriodSeconds: durationSeconds, FrameCount);
}
