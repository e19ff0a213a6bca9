using SparseVila.Engine.Sparse;

namespace SparseVila.Grains.Videos;

/// <summary>The counts of the frames indexed so far, kept so a resumed run's stats cover the whole video.</summary>
[GenerateSerializer, Immutable]
public sealed record IndexedStats(
    [property: Id(0)] int Frames,
    [property: Id(1)] int VisualTokensBeforePruning,
    [property: Id(2)] int VisualTokensKept,
    [property: Id(3)] double KeepRatio)
{
    /// <summary>The counts of <paramref name="stats"/>.</summary>
    public static IndexedStats Of(VisualContextStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new(stats.Frames, stats.VisualTokensBeforePruning, stats.VisualTokensKept, stats.KeepRatio);
    }

    /// <summary>As engine stats (the times are this run's, so 0).</summary>
    public VisualContextStats ToStats() => new(Frames, VisualTokensBeforePruning, VisualTokensKept, KeepRatio, 0, 0);
}
