namespace SparseVila.Contracts.Videos;

/// <summary>How far indexing has gone.</summary>
/// <param name="FramesDone">Sampled frames encoded and prefilled.</param>
/// <param name="FramesTotal">Frames that will be sampled (0 until the video has been probed).</param>
/// <param name="SegmentsCommitted">Segments of the visual cache written to storage.</param>
[GenerateSerializer, Immutable]
public sealed record IndexingProgress([property: Id(0)] int FramesDone, [property: Id(1)] int FramesTotal, [property: Id(2)] int SegmentsCommitted)
{
    /// <summary>No progress: nothing probed, nothing done.</summary>
    public static IndexingProgress None { get; } = new(0, 0, 0);

    /// <summary>Frames done over frames in all, 0 to 1 (0 while the total is unknown).</summary>
    public double Fraction => FramesTotal <= 0 ? 0 : Math.Clamp(FramesDone / (double)FramesTotal, 0, 1);
}
