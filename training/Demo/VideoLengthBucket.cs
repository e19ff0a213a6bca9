using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>A range of video lengths that accuracy is also reported by: the longer the video, the more frames to search.</summary>
/// <param name="MinSeconds">The shortest video in the range.</param>
/// <param name="MaxSeconds">The longest video in the range.</param>
public sealed record VideoLengthBucket(int MinSeconds, int MaxSeconds)
{
    /// <summary>The task's 8–64 s in four ranges: 8–16, 17–32, 33–48 and 49–64 s.</summary>
    public static IReadOnlyList<VideoLengthBucket> All { get; } =
    [
        new(ShapesTaskLimits.MinDurationSeconds, 16), new(17, 32), new(33, 48), new(49, ShapesTaskLimits.MaxDurationSeconds),
    ];

    /// <summary>"8-16 s".</summary>
    public string Label => $"{MinSeconds}-{MaxSeconds} s";

    /// <summary>The range a video of <paramref name="videoSeconds"/> falls in.</summary>
    public static VideoLengthBucket Of(int videoSeconds) =>
        All.FirstOrDefault(b => videoSeconds >= b.MinSeconds && videoSeconds <= b.MaxSeconds)
        ?? throw new ArgumentOutOfRangeException(nameof(videoSeconds), videoSeconds, $"The task's videos are {ShapesTaskLimits.MinDurationSeconds} to {ShapesTaskLimits.MaxDurationSeconds} s.");
}
