using SparseVila.Contracts.Videos;

namespace SparseVila.Grains.Videos;

/// <summary>What a <see cref="VideoGrain"/> persists: its source, where it is in its life, and an indexing run's committed segments.</summary>
[GenerateSerializer]
public sealed class VideoGrainState
{
    /// <summary>The uploaded bytes; null until registered.</summary>
    [Id(0)]
    public VideoSource? Source { get; set; }

    [Id(1)]
    public VideoStatus Status { get; set; }

    /// <summary>Why indexing failed.</summary>
    [Id(2)]
    public string? Error { get; set; }

    /// <summary>The options of the current or last indexing run.</summary>
    [Id(3)]
    public IndexingOptions? Options { get; set; }

    [Id(4)]
    public int FramesTotal { get; set; }

    [Id(5)]
    public int FramesDone { get; set; }

    /// <summary>Segments the run has committed, in order: a resumed run continues after them.</summary>
    [Id(6)]
    public List<CommittedSegment> Segments { get; set; } = [];

    /// <summary>The fingerprint of the model the segments and cache are of.</summary>
    [Id(7)]
    public string? ModelFingerprint { get; set; }

    [Id(8)]
    public double? DurationSeconds { get; set; }

    /// <summary>The counts of the committed frames.</summary>
    [Id(9)]
    public IndexedStats? Stats { get; set; }

    /// <summary>The cache's bytes in storage, once indexed.</summary>
    [Id(10)]
    public long CacheBytes { get; set; }
}
