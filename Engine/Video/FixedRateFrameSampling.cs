namespace SparseVila.Engine.Video;

/// <summary>
/// One frame every 1 / <see cref="FramesPerSecond"/> seconds from the start, t(k) = k / FramesPerSecond,
/// for every such t before the end. At one frame a second (the project's own model) frame k is at exactly
/// k seconds.
/// </summary>
public sealed record FixedRateFrameSampling(double FramesPerSecond) : FrameSampling
{
    /// <summary>Samples per second of video.</summary>
    public double FramesPerSecond { get; } = double.IsFinite(FramesPerSecond) && FramesPerSecond > 0
        ? FramesPerSecond
        : throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "must be a positive number.");

    private protected override SamplingGrid PlanGrid(double durationSeconds)
    {
        // Every k with k / fps < duration; the product can land a rounding error above a whole number
        // (0.3 s × 10 fps = 3.0000000000000004), so the count is corrected against the timestamps themselves.
        var frameCountEstimate = Math.Ceiling(durationSeconds * FramesPerSecond);
        if (frameCountEstimate > int.MaxValue)
        {
            throw new FrameLimitExceededException(this, durationSeconds, int.MaxValue, MaxFrameCount);
        }

        var frameCount = Math.Max(1, (int)frameCountEstimate);
        while (frameCount > 1 && (frameCount - 1) / FramesPerSecond >= durationSeconds)
        {
            frameCount--;
        }

        return new SamplingGrid(FirstSeconds: 0, FramesPerPeriod: FramesPerSecond, PeriodSeconds: 1, frameCount);
    }
}
