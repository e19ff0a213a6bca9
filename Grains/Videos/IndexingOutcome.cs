namespace SparseVila.Grains.Videos;

/// <summary>How an indexing run ended well.</summary>
/// <param name="ModelFingerprint">The model the cache is of.</param>
/// <param name="CacheBytes">The cache's bytes in storage.</param>
/// <param name="Frames">Frames in the cache.</param>
/// <param name="Reused">Whether a cache of the same content and model was already complete (nothing was indexed).</param>
public sealed record IndexingOutcome(string ModelFingerprint, long CacheBytes, int Frames, bool Reused);
