using SparseVila.Grains.Storage;
using SparseVila.Grains.VisualCache;

namespace SparseVila.Grains.Videos;

/// <summary>
/// Which videos use a cache: one empty <c>ref-{videoId}</c> blob each beside its segments. Videos of one tenant with the
/// same bytes share one cache; deleting a video deletes the cache only when no other video refers to it.
/// </summary>
public static class VideoCacheReferences
{
    private const string Prefix = "ref-";

    /// <summary>Records that <paramref name="videoId"/> uses the cache at <paramref name="location"/>.</summary>
    public static async Task AddAsync(IBlobStore blobs, VisualCacheLocation location, string videoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        using var empty = new MemoryStream();
        await blobs.WriteAsync(location.NameOf(Prefix + videoId), empty, BlobCondition.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops <paramref name="videoId"/>'s reference; returns how many other videos still refer to the cache.</summary>
    public static async Task<int> RemoveAsync(IBlobStore blobs, VisualCacheLocation location, string videoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await blobs.DeleteAsync(location.NameOf(Prefix + videoId), BlobCondition.None, cancellationToken).ConfigureAwait(false);
        var others = 0;
        await foreach (var _ in blobs.ListAsync(location.NameOf(Prefix), cancellationToken).ConfigureAwait(false))
        {
            others++;
        }

        return others;
    }
}
