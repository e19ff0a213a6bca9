using SparseVila.Contracts.Videos;

namespace SparseVila.Grains.Videos;

/// <summary>What a <see cref="VideoCatalogGrain"/> persists: the tenant's videos in catalog order.</summary>
[GenerateSerializer]
public sealed class VideoCatalogState
{
    /// <summary>Newest first (by upload time, then id descending, so the order is total).</summary>
    [Id(0)]
    public List<VideoCatalogEntry> Entries { get; set; } = [];
}
