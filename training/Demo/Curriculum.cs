using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>
/// How long the training clips are as training goes. Clips start at 1 to 4 seconds, where the model learns to see
/// (colour, shape, cell, count) and to find a second among a few; the longest clip grows by <see cref="GrowSeconds"/>
/// each time the model answers <see cref="PromotionAccuracy"/> of recent training questions right (teacher-forced), so
/// it masters finding a second among few before many. Whatever the accuracy, from <see cref="ForcedRampStart"/> of the
/// steps the bounds are pushed up linearly, and from <see cref="ForcedRampEnd"/> on clips are task videos of 8 to 64 s.
/// Deterministic for a seed: the accuracy it reads is.
/// </summary>
public sealed class Curriculum(int totalSteps)
{
    /// <summary>Recent answers right at which the longest clip grows.</summary>
    public const double PromotionAccuracy = 0.85;

    /// <summary>Seconds the longest clip grows by at a promotion.</summary>
    public const int GrowSeconds = 4;

    /// <summary>Fraction of the steps from which the bounds grow whatever the accuracy.</summary>
    public const double ForcedRampStart = 0.55;

    /// <summary>Fraction of the steps from which clips are task videos.</summary>
    public const double ForcedRampEnd = 0.85;

    private const int FirstMaxSeconds = 4;
    private int _earnedMaxSeconds = FirstMaxSeconds;

    /// <summary>The shortest and longest clip now.</summary>
    public (int MinSeconds, int MaxSeconds) Bounds(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var forced = Math.Clamp((step / (double)totalSteps - ForcedRampStart) / (ForcedRampEnd - ForcedRampStart), 0, 1);
        var max = Math.Max(_earnedMaxSeconds, (int)Math.Round(FirstMaxSeconds + (ShapesTaskLimits.MaxDurationSeconds - FirstMaxSeconds) * forced));
        var progress = (max - FirstMaxSeconds) / (double)(ShapesTaskLimits.MaxDurationSeconds - FirstMaxSeconds);
        var min = (int)Math.Round(1 + (ShapesTaskLimits.MinDurationSeconds - 1) * progress);
        return (min, max);
    }

    /// <summary>The length of a clip drawn at optimiser step <paramref name="step"/>.</summary>
    public int ClipSeconds(int step, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (min, max) = Bounds(step);
        return random.Next(min, max + 1);
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
