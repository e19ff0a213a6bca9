using SparseVila.Engine.Video;

namespace SparseVila.Engine.Sparse;

/// <summary>How a video becomes a visual context: sampling, query-agnostic pruning and prefill.</summary>
public sealed record VisualContextOptions
{
    /// <summary>Which frames are encoded (default: one per second, as the shipped model expects).</summary>
    public FrameSampling Sampling { get; init; } = new FixedRateFrameSampling(1);

    /// <summary>Fraction of visual tokens kept by salience (SparseVILA's prefill pruning; 1 keeps all).</summary>
    public double KeepRatio { get; init; } = 0.5;

    /// <summary>
    /// Fraction of each frame's tokens kept whatever their salience, so that no moment vanishes
    /// (at least one token per frame). Counted inside the <see cref="KeepRatio"/> budget.
    /// </summary>
    public double FrameFloorRatio { get; init; } = 0.1;

    /// <summary>
    /// Frames decoded, encoded and pruned together; the keep budget is spent across each window, so a
    /// busy frame may keep more than a static one. Bounds memory for any video length.
    /// </summary>
    public int WindowFrames { get; init; } = 16;

    /// <summary>Tokens per LLM prefill chunk.</summary>
    public int PrefillChunkTokens { get; init; } = 1024;

    /// <summary>The system prompt that opens every conversation over the context.</summary>
    public string SystemPrompt { get; init; } = "You are a helpful assistant that answers questions about videos.";

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate()
    {
        if (KeepRatio is <= 0 or > 1 || double.IsNaN(KeepRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(KeepRatio), KeepRatio, "KeepRatio must be in (0, 1].");
        }

        if (FrameFloorRatio is < 0 or > 1 || double.IsNaN(FrameFloorRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameFloorRatio), FrameFloorRatio, "FrameFloorRatio must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WindowFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PrefillChunkTokens);
        ArgumentNullException.ThrowIfNull(Sampling);
    }
}
