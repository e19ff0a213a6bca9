using System.Collections.Concurrent;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.VisualCache;

/// <summary>An <see cref="IBlobStore"/> that records, in order, the names whose writes completed, and the most writes in flight at once.</summary>
internal sealed class RecordingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentQueue<string> _completedWrites = new();
    private readonly ConcurrentQueue<string> _opened = new();
    private int _writesInFlight;
    private int _maxWritesInFlight;

    public IReadOnlyList<string> CompletedWrites => [.. _completedWrites];

    public IReadOnlyList<string> Opened => [.. _opened];

    public int MaxWritesInFlight => _maxWritesInFlight;

    public Task<OpenedBlob> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        _opened.Enqueue(name);
        return inner.OpenReadAsync(name, cancellationToken);
    }

    public async Task<string> WriteAsync(string name, Stream content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        var inFlight = Interlocked.Increment(ref _writesInFlight);
        InterlockedMax(ref _maxWritesInFlight, inFlight);
        try
        {
            var eTag = await inner.WriteAsync(name, content, condition, cancellationToken);
            _completedWrites.Enqueue(name);
            return eTag;
        }
        finally
        {
            Interlocked.Decrement(ref _writesInFlight);
        }
    }

    public Task<bool> DeleteAsync(string name, BlobCondition condition = default, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, condition, cancellationToken);

    public Task<BlobItemInfo?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(name, cancellationToken);

    public IAsyncEnumerable<BlobItemInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeletePrefixAsync(prefix, cancellationToken);

    public Task<string?> CheckWritableAsync(CancellationToken cancellationToken = default) => inner.CheckWritableAsync(cancellationToken);

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
