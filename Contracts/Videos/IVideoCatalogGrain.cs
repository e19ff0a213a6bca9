namespace SparseVila.Contracts.Videos;

/// <summary>
/// The list of one tenant's videos, keyed by the tenant id, newest first. Video grains add themselves when registered
/// and remove themselves when deleted; the catalog only lists, each video grain stays the truth about its video.
/// </summary>
public interface IVideoCatalogGrain : IGrainWithStringKey
{
    /// <summary>Lists <paramref name="entry"/> (again: adding the same id twice keeps one entry).</summary>
    Task AddAsync(VideoCatalogEntry entry);

    /// <summary>Forgets the video <paramref name="videoId"/>; a no-op when it is not listed.</summary>
    Task RemoveAsync(string videoId);

    /// <summary>Up to <paramref name="limit"/> videos, newest first, after the cursor <paramref name="after"/> of an earlier page (null: from the start).</summary>
    Task<VideoCatalogPage> ListAsync(int limit, string? after);
}
