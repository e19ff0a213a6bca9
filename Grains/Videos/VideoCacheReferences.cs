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

    /// <summary>
    /// Deletes the cache at <paramref name="location"/> (a damaged one, to be indexed again) but keeps every video's reference
    /// to it: the videos that share it still use it once it is rebuilt, and deleting one of them must not take it from the others.
    /// </summary>
    public static async Task DeleteCacheAsync(IBlobStore blobs, VisualCacheStore caches, VisualCacheLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(caches);
        var users = new List<string>();
        await foreach (var reference in blobs.ListAsync(location.NameOf(Prefix), cancellationToken).ConfigureAwait(false))
        {
            users.Add(reference.Name[location.NameOf(Prefix).Length..]);
        }

        await caches.DeleteAsync(location, cancellationToken).ConfigureAwait(false);
        foreach (var videoId in users)
        {
            await AddAsync(blobs, location, videoId, cancellationToken).ConfigureAwait(false);
        }
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
