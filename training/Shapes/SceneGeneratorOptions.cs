namespace SparseVila.Training.Shapes;

/// <summary>What <see cref="SceneGenerator"/> may make; validated on construction.</summary>
public sealed record SceneGeneratorOptions
{
    /// <summary>The shortest scene to generate, within the task's 8 to 64 s.</summary>
    public int MinDurationSeconds
    {
        get;
        init => field = value is >= ShapesTaskLimits.MinDurationSeconds and <= ShapesTaskLimits.MaxDurationSeconds
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinDurationSeconds), value,
                $"must be {ShapesTaskLimits.MinDurationSeconds} to {ShapesTaskLimits.MaxDurationSeconds} s.");
    } = ShapesTaskLimits.MinDurationSeconds;

    /// <summary>The longest scene to generate, within the task's 8 to 64 s and at least <see cref="MinDurationSeconds"/>.</summary>
    public int MaxDurationSeconds
    {
        get;
        init => field = value is >= ShapesTaskLimits.MinDurationSeconds and <= ShapesTaskLimits.MaxDurationSeconds
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDurationSeconds), value,
                $"must be {ShapesTaskLimits.MinDurationSeconds} to {ShapesTaskLimits.MaxDurationSeconds} s.");
    } = ShapesTaskLimits.MaxDurationSeconds;

    /// <summary>The chance that a placed object moves once during its life (if it lives 2 s or more).</summary>
    public double MoveProbability
    {
        get;
        init => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MoveProbability), value, "must be 0 to 1.");
    } = 0.4;

    /// <summary>Throws unless <see cref="MinDurationSeconds"/> ≤ <see cref="MaxDurationSeconds"/>.</summary>
    public SceneGeneratorOptions Validated() => MinDurationSeconds <= MaxDurationSeconds
        ? this
        : throw new ArgumentException($"the shortest duration ({MinDurationSeconds} s) exceeds the longest ({MaxDurationSeconds} s).");
}
