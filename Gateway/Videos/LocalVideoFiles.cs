using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Gateway.Hosting;
using SparseVila.Grains.Storage;

namespace SparseVila.Gateway.Videos;

/// <summary>
/// Local copies of stored videos, for frames and playback (ffmpeg seeks in files; players send range requests). A copy is
/// made once per video (concurrent requests share the download) and kept while the copies fit
/// <see cref="GatewayOptions.LocalVideoCacheBytes"/>; the least recently used go first. A video's bytes never change
/// under its id, so a copy is never stale; a deleted video's copy is dropped.
/// </summary>
public sealed class LocalVideoFiles(IBlobStore blobs, IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastUsedTicks = new(StringComparer.Ordinal);
    private readonly Lock _trimming = new();

    private string Folder => Path.Combine(options.Value.EffectiveScratchPath, "videos");

    /// <summary>The local path of the video <paramref name="videoId"/> of <paramref name="tenant"/>, downloading it first if needed.</summary>
    public async Task<string> GetAsync(TenantId tenant, string videoId, CancellationToken cancellationToken)
    {
        var key = GrainKeys.For(tenant, videoId);
        _lastUsedTicks[key] = Environment.TickCount64;
        var copy = _copies.GetOrAdd(key, k => new Lazy<Task<string>>(() => DownloadAsync(tenant, videoId)));
        try
        {
            return await copy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (copy.Value.IsFaulted)
        {
            // A failed download is not kept: the next request tries again.
            _copies.TryRemove(new(key, copy));
            throw;
        }
    }

    /// <summary>Takes an upload's spooled file as the local copy of the new video (saves a download right after upload).</summary>
    public void Adopt(TenantId tenant, string videoId, string spooledPath)
    {
        var key = GrainKeys.For(tenant, videoId);
        var path = PathOf(tenant, videoId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(spooledPath, path, overwrite: true);
        _copies[key] = new Lazy<Task<string>>(Task.FromResult(path));
        _lastUsedTicks[key] = Environment.TickCount64;
        Trim();
    }

    /// <summary>Drops the copy of a deleted video.</summary>
    public void Forget(TenantId tenant, string videoId)
    {
        var key = GrainKeys.For(tenant, videoId);
        _copies.TryRemove(key, out _);
        _lastUsedTicks.TryRemove(key, out _);
        File.Delete(PathOf(tenant, videoId));
    }

    private string PathOf(TenantId tenant, string videoId) => Path.Combine(Folder, tenant.Value, videoId);

    private async Task<string> DownloadAsync(TenantId tenant, string videoId)
    {
        var path = PathOf(tenant, videoId);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = $"{path}.{Guid.NewGuid():N}.part";
            try
            {
                var opened = await blobs.OpenReadAsync(UploadBlobNames.For(tenant, videoId)).ConfigureAwait(false);
                await using (opened.ConfigureAwait(false))
                {
                    var file = File.Create(partial);
                    await using (file.ConfigureAwait(false))
                    {
                        await opened.Content.CopyToAsync(file).ConfigureAwait(false);
                    }
                }

                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
        }

        Trim();
        return path;
    }

    /// <summary>Deletes the least recently used copies until the rest fit the budget (the newest is always kept).</summary>
    private void Trim()
    {
        lock (_trimming)
        {
            var present = _copies.Keys
                .Select(key => (Key: key, File: new FileInfo(Path.Combine(Folder, key)), Used: _lastUsedTicks.GetValueOrDefault(key)))
                .Where(c => c.File.Exists)
                .OrderByDescending(c => c.Used)
                .ToList();
            var total = 0L;
            foreach (var (key, file, _) in present)
            {
                total += file.Length;
                if (total > options.Value.LocalVideoCacheBytes && key != present[0].Key)
                {
                    _copies.TryRemove(key, out _);
                    file.Delete();
                }
            }
        }
    }
}
