using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>
/// How long the training clips are as training goes, and where in a video they seem to start. Clips start at 1 to
/// <see cref="ShortMaxSeconds"/> seconds, shown from a random second of a task video (<see cref="ShapesExample.StartingAt"/>),
/// where the model learns to see (colour, shape, cell, count) and to find a second by its number among a few, for every
/// number a task video has (<see cref="ShiftedFraction"/> of them are shown from a random second, the others from 0). The longest clip grows by <see cref="GrowSeconds"/> each time the model answers
/// <see cref="PromotionAccuracy"/> of recent training questions right (teacher-forced); whatever the accuracy, from
/// <see cref="ForcedRampStart"/> of the steps the bounds are pushed up linearly, and from <see cref="ForcedRampEnd"/> on
/// clips are task videos of 8 to 64 s. Throughout, <see cref="ShortFraction"/> of the clips stay short, so what was
/// learned on them is kept. Deterministic for a seed: the accuracy it reads is.
/// </summary>
public sealed class Curriculum(int totalSteps)
{
    /// <summary>Recent answers right at which the longest clip grows.</summary>
    public const double PromotionAccuracy = 0.85;

    /// <summary>Seconds the longest clip grows by at a promotion.</summary>
    public const int GrowSeconds = 4;

    /// <summary>Fraction of the steps from which the bounds grow whatever the accuracy.</summary>
    public const double ForcedRampStart = 0.3;

    /// <summary>Fraction of the steps from which clips are task videos.</summary>
    public const double ForcedRampEnd = 0.6;

    /// <summary>The longest short clip.</summary>
    public const int ShortMaxSeconds = 4;

    /// <summary>Fraction of the clips that stay short (1 to <see cref="ShortMaxSeconds"/> s) once the bounds have grown.</summary>
    public const double ShortFraction = 0.25;

    /// <summary>
    /// Fraction of the short clips shown from a random second rather than from 0: enough that every second's number is
    /// learned before long videos need it, few enough that finding a second among a few is learned first (with all
    /// short clips shifted, colour and first-appearance questions learned more slowly in the first 800 steps).
    /// </summary>
    public const double ShiftedFraction = 0.5;

    private int _earnedMaxSeconds = ShortMaxSeconds;

    /// <summary>The shortest and longest clip now (short clips aside).</summary>
    public (int MinSeconds, int MaxSeconds) Bounds(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var forced = Math.Clamp((step / (double)totalSteps - ForcedRampStart) / (ForcedRampEnd - ForcedRampStart), 0, 1);
        var max = Math.Max(_earnedMaxSeconds, (int)Math.Round(ShortMaxSeconds + (ShapesTaskLimits.MaxDurationSeconds - ShortMaxSeconds) * forced));
        var progress = (max - ShortMaxSeconds) / (double)(ShapesTaskLimits.MaxDurationSeconds - ShortMaxSeconds);
        var min = (int)Math.Round(1 + (ShapesTaskLimits.MinDurationSeconds - 1) * progress);
        return (min, max);
    }

    /// <summary>
    /// A clip drawn at optimiser step <paramref name="step"/>: its length, and the second it seems to start at (0 for
    /// clips of task length, so those are task videos; any second that leaves the clip inside a task video otherwise).
    /// </summary>
    public (int Seconds, int StartSecond) Clip(int step, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (min, max) = Bounds(step);
        var seconds = max > ShortMaxSeconds && random.NextDouble() < ShortFraction ? random.Next(1, ShortMaxSeconds + 1) : random.Next(min, max + 1);
        var start = seconds >= ShapesTaskLimits.MinDurationSeconds || random.NextDouble() >= ShiftedFraction
            ? 0
            : random.Next(0, ShapesTaskLimits.MaxDurationSeconds - seconds + 1);
        return (seconds, start);
    }

    /// <summary>Grows the longest clip when <paramref name="recentAccuracy"/> reaches <see cref="PromotionAccuracy"/>; returns whether it did.</summary>
    public bool Observe(double recentAccuracy)
    {
        if (recentAccuracy < PromotionAccuracy || _earnedMaxSeconds >= ShapesTaskLimits.MaxDurationSeconds)
        {
            return false;
        }

        _earnedMaxSeconds = Math.Min(ShapesTaskLimits.MaxDurationSeconds, _earnedMaxSeconds + GrowSeconds);
        return true;
    }
}
