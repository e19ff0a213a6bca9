namespace SparseVila.Engine.Video;

/// <summary>A sampling that would take more frames than its <see cref="FrameSampling.MaxFrameCount"/> allows.</summary>
public sealed class FrameLimitExceededException : Exception
{
    /// <summary>Creates the exception for <paramref name="sampling"/> of a video lasting <paramref name="durationSeconds"/>.</summary>
    public FrameLimitExceededException(FrameSampling sampling, double durationSeconds, int plannedFrameCount, int maxFrameCount)
        : base($"{sampling} over {durationSeconds:0.###} s plans {plannedFrameCount} frames, more than the limit of {maxFrameCount}; " +
               "sample uniformly, lower the rate, or raise MaxFrameCount.")
    {
        PlannedFrameCount = plannedFrameCount;
        MaxFrameCount = maxFrameCount;
    }

    /// <summary>How many frames the sampling asked for.</summary>
    public int PlannedFrameCount { get; }

    /// <summary>The limit it exceeded.</summary>
    public int MaxFrameCount { get; }
}
