namespace SparseVila.Contracts.Videos;

/// <summary>Where an indexed video's visual cache is and what it was made from, for the grains that read it.</summary>
/// <param name="VideoId">The video.</param>
/// <param name="Tenant">Its owner.</param>
/// <param name="ContentHash">The SHA-256 of the source, <c>sha256:…</c>.</param>
/// <param name="ModelFingerprint">The fingerprint of the model that made the cache.</param>
/// <param name="CacheBytes">The cache's size in storage.</param>
[GenerateSerializer, Immutable]
public sealed record VideoIndex(
    [property: Id(0)] string VideoId,
    [property: Id(1)] TenantId Tenant,
    [property: Id(2)] string ContentHash,
    [property: Id(3)] string ModelFingerprint,
    [property: Id(4)] long CacheBytes);
