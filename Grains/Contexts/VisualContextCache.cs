using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparseVila.Engine.Sparse;
using SparseVila.Grains.Inference;

namespace SparseVila.Grains.Contexts;

/// <summary>
/// The rehydrated visual contexts of a silo, shared by every conversation on it: a context is read from storage once
/// (concurrent first uses wait for the same read), handed out as reference-counted leases, and kept after its last lease
/// while the cache is under <see cref="InferenceOptions.ContextCacheBytes"/>; over it, contexts no lease holds go, least
/// recently used first. Contexts in use are never evicted, so the cache can exceed its budget while they are.
/// </summary>
public sealed partial class VisualContextCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _budgetBytes;
    private readonly ILogger<VisualContextCache> _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _evictions;
    private long _clock;
    private long _bytes;
    private (long Hits, long Misses, long Evictions) _counts;

    public VisualContextCache(IOptions<InferenceOptions> options, IMeterFactory meters, ILogger<VisualContextCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _budgetBytes = options.Value.ContextCacheBytes;
        _meter = meters.Create(SiloMetrics.MeterName);
        _hits = _meter.CreateCounter<long>("sparsevila.context_cache.hits", description: "Leases served from a context already held or being read.");
        _misses = _meter.CreateCounter<long>("sparsevila.context_cache.misses", description: "Leases that had to read a context from storage.");
        _evictions = _meter.CreateCounter<long>("sparsevila.context_cache.evictions", description: "Contexts dropped to stay under the byte budget.");
        _meter.CreateObservableGauge("sparsevila.context_cache.bytes", () => Interlocked.Read(ref _bytes), unit: "By", description: "Bytes of contexts held.");
    }

    /// <summary>Hits, misses, evictions, bytes and contexts held now.</summary>
    public VisualContextCacheStats Stats
    {
        get
        {
            lock (_lock)
            {
                return new(_counts.Hits, _counts.Misses, _counts.Evictions, _bytes, _entries.Count, _budgetBytes);
            }
        }
    }

    /// <summary>Whether the context <paramref name="key"/> is held or being read.</summary>
    public bool Contains(string key)
    {
        lock (_lock)
        {
            return _entries.ContainsKey(key);
        }
    }

    /// <summary>
    /// A lease on the context <paramref name="key"/>, read by <paramref name="load"/> if no one holds or reads it. A read
    /// that fails fails every waiter and is forgotten, so the next lease reads again. Dispose the lease when done.
    /// </summary>
    public async Task<VisualContextLease> AcquireAsync(string key, Func<CancellationToken, Task<VisualContext>> load, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(load);
        Entry entry;
        bool miss;
        lock (_lock)
        {
            // A read that failed after its waiters gave up is still here: read again.
            miss = !_entries.TryGetValue(key, out entry!) || entry.Failed;
            if (miss)
            {
                // The read is shared by every waiter, so no one waiter's token may cancel it.
                entry = new Entry(key, load(CancellationToken.None));
                _entries[key] = entry;
                _counts.Misses++;
            }
            else
            {
                _counts.Hits++;
            }

            entry.Leases++;
            entry.LastUsed = ++_clock;
        }

        (miss ? _misses : _hits).Add(1);
        try
        {
            var context = await entry.Loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (!entry.Counted)
                {
                    entry.Counted = true;
                    entry.Bytes = context.Bytes;
                    _bytes += entry.Bytes;
                    LogLoaded(key, entry.Bytes, _bytes, _budgetBytes);
                }
            }

            EvictOverBudget();
            return new VisualContextLease(this, entry, context);
        }
        catch (Exception error)
        {
            lock (_lock)
            {
                entry.Leases--;
                if (entry.Failed && _entries.TryGetValue(key, out var current) && current == entry)
                {
                    _entries.Remove(key);
                }
            }

            if (error is not OperationCanceledException)
            {
                LogLoadFailed(key, error.Message);
            }

            throw;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values.Where(e => e.Loading.IsCompletedSuccessfully))
            {
                entry.Loading.Result.Dispose();
            }

            _entries.Clear();
            _bytes = 0;
        }

        _meter.Dispose();
    }

    internal void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Leases--;
        }

        EvictOverBudget();
    }

    private void EvictOverBudget()
    {
        List<Entry> evicted = [];
        lock (_lock)
        {
            while (_bytes > _budgetBytes)
            {
                var victim = _entries.Values.Where(e => e.Leases == 0 && e.Counted).MinBy(e => e.LastUsed);
                if (victim is null)
                {
                    break;
                }

                _entries.Remove(victim.Key);
                _bytes -= victim.Bytes;
                _counts.Evictions++;
                evicted.Add(victim);
            }
        }

        foreach (var victim in evicted)
        {
            _evictions.Add(1);
            LogEvicted(victim.Key, victim.Bytes);
            victim.Loading.Result.Dispose();
        }
    }

    internal sealed class Entry(string key, Task<VisualContext> loading)
    {
        public string Key { get; } = key;

        public Task<VisualContext> Loading { get; } = loading;

        public int Leases { get; set; }

        public long LastUsed { get; set; }

        public long Bytes { get; set; }

        public bool Counted { get; set; }

        /// <summary>Whether the read failed or ended cancelled (an async read whose own timeout fired).</summary>
        public bool Failed => Loading.IsFaulted || Loading.IsCanceled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Visual context {Key} rehydrated: {Bytes} bytes; the silo holds {HeldBytes} of {BudgetBytes}")]
    private partial void LogLoaded(string key, long bytes, long heldBytes, long budgetBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Visual context {Key} evicted ({Bytes} bytes)")]
    private partial void LogEvicted(string key, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Visual context {Key} could not be read: {Reason}")]
    private partial void LogLoadFailed(string key, string reason);
}
