using SparseVila.Training.Shapes;

namespace SparseVila.Training.Generation;

/// <summary>What <see cref="DatasetGenerator"/> writes; every range is inclusive and checked by <see cref="Validated"/>.</summary>
/// <param name="OutputFolder">Where the videos and qa.jsonl go; created if missing.</param>
/// <param name="VideoCount">How many videos (one conversation each).</param>
/// <param name="Seed">The seed every video's own seed is drawn from.</param>
/// <param name="MinDurationSeconds">The shortest video, at least 8 s.</param>
/// <param name="MaxDurationSeconds">The longest video, at most 64 s.</param>
/// <param name="Codec">The codec of the videos.</param>
/// <param name="MinSizePixels">The smallest frame side, at least 128; sides are even.</param>
/// <param name="MaxSizePixels">The largest frame side, at most 480.</param>
/// <param name="MinFramesPerSecond">The lowest frame rate, at least 2.</param>
/// <param name="MaxFramesPerSecond">The highest frame rate.</param>
public sealed record DatasetOptions(
    string OutputFolder,
    int VideoCount,
    int Seed,
    int MinDurationSeconds = ShapesTaskLimits.MinDurationSeconds,
    int MaxDurationSeconds = ShapesTaskLimits.MaxDurationSeconds,
    CodecChoice Codec = CodecChoice.Mixed,
    int MinSizePixels = ShapesTaskLimits.MinVideoSizePixels,
    int MaxSizePixels = ShapesTaskLimits.MaxVideoSizePixels,
    int MinFramesPerSecond = ShapesTaskLimits.MinFramesPerSecond,
    int MaxFramesPerSecond = 8)
{
    /// <summary>This, or <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public DatasetOptions Validated()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputFolder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(VideoCount);
        Range(MinDurationSeconds, MaxDurationSeconds, ShapesTaskLimits.MinDurationSeconds, ShapesTaskLimits.MaxDurationSeconds, "seconds");
        Range(MinSizePixels, MaxSizePixels, ShapesTaskLimits.MinVideoSizePixels, ShapesTaskLimits.MaxVideoSizePixels, "pixels");
        Range(MinFramesPerSecond, MaxFramesPerSecond, ShapesTaskLimits.MinFramesPerSecond, VideoEncoding.MaxFramesPerSecond, "frames per second");
        if (!Enum.IsDefined(Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(Codec), Codec, "h264, vp9 or mixed.");
        }

        // Sides are drawn even (yuv420p); the range must hold at least one even side.
        if ((MinSizePixels + 1) / 2 > MaxSizePixels / 2)
        {
            throw new ArgumentException($"no even frame side lies between {MinSizePixels} and {MaxSizePixels} pixels.");
        }

        return this;
    }

    private static void Range(int min, int max, int lowest, int highest, string unit)
    {
        if (min < lowest || max > highest || min > max)
        {
            throw new ArgumentException($"the range {min} to {max} {unit} must lie within {lowest} to {highest} {unit}, smallest first.");
        }
    }
}
