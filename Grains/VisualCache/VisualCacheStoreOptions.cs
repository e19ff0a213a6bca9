namespace SparseVila.Grains.VisualCache;

/// <summary>Settings of <see cref="VisualCacheStore"/>; checked by <see cref="VisualCacheStoreOptionsValidator"/>.</summary>
public sealed class VisualCacheStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "VisualCache";

    /// <summary>Consecutive frames per segment: the unit written as indexing goes, and read in parallel on rehydrate.</summary>
    public int FramesPerSegment { get; set; } = 16;

    /// <summary>Segments read and decoded at once when a cache is rehydrated.</summary>
    public int ReadParallelism { get; set; } = 4;

    /// <summary>Segments encoded and written at once when a whole context is stored.</summary>
    public int WriteParallelism { get; set; } = 2;
}
