using System.Collections.Concurrent;
using SparseVila.Grains.Storage;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>
/// An <see cref="IBlobStore"/> over another that counts the KV segments each name was stored as, and can hold a segment
/// write (from a given index on) until released, so a test can kill a silo in the middle of indexing.
/// </summary>
internal sealed class RecordingBlobStore(IBlobStore inner, SegmentWriteLog log) : IBlobStore
{
    public Task<OpenedBlob> OpenReadAsync(string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, cancellationToken);

    public async Task<string> WriteAsync(string name, Stream content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        await log.BeforeWriteAsync(name, cancellationToken);
        var eTag = await inner.WriteAsync(name, content, condition, cancellationToken);
        log.Written(name);
        return eTag;
    }

    public Task<bool> DeleteAsync(string name, BlobCondition condition = default, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, condition, cancellationToken);

    public Task<BlobItemInfo?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(name, cancellationToken);

    public IAsyncEnumerable<BlobItemInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeletePrefixAsync(prefix, cancellationToken);

    public Task<string?> CheckWritableAsync(CancellationToken cancellationToken = default) => inner.CheckWritableAsync(cancellationToken);
}

/// <summary>The segment writes of one test cluster (its silos run in this process and share it, found by data folder).</summary>
internal sealed class SegmentWriteLog
{
    private static readonly ConcurrentDictionary<string, SegmentWriteLog> Logs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The log of the cluster storing in <paramref name="dataFolder"/>.</summary>
    public static SegmentWriteLog For(string dataFolder) => Logs.GetOrAdd(dataFolder, _ => new SegmentWriteLog());

    /// <summary>Forgets the log of <paramref name="dataFolder"/>.</summary>
    public static void Remove(string dataFolder) => Logs.TryRemove(dataFolder, out _);

    /// <summary>Segment writes from this index on wait for <see cref="Release"/>; null holds none.</summary>
    public int? HoldFromSegment { get; set; }

    /// <summary>Completes when the first write is held.</summary>
    public Task Held => _held.Task;

    /// <summary>Lets held and later writes go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>How many times each segment name was stored.</summary>
    public IReadOnlyDictionary<string, int> Writes => _writes;

    public async Task BeforeWriteAsync(string name, CancellationToken cancellationToken)
    {
        if (HoldFromSegment is { } from && SegmentIndex(name) is { } index && index >= from && !_released.Task.IsCompleted)
        {
            _held.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }

    public void Written(string name)
    {
        if (SegmentIndex(name) is not null)
        {
            _writes.AddOrUpdate(name, 1, (_, count) => count + 1);
        }
    }

    private static int? SegmentIndex(string name)
    {
        var file = name[(name.LastIndexOf('/') + 1)..];
        return file.StartsWith("seg-", StringComparison.Ordinal) && file.EndsWith(".kv", StringComparison.Ordinal)
            && int.TryParse(file.AsSpan(4, file.Length - 7), out var index) ? index : null;
    }
}
