using SparseVila.Engine.Sparse;

namespace SparseVila.Grains.Contexts;

/// <summary>A conversation's hold on a shared visual context: the context stays in memory until every lease is disposed.</summary>
public sealed class VisualContextLease : IDisposable
{
    private readonly VisualContextCache _cache;
    private readonly VisualContextCache.Entry _entry;
    private int _disposed;

    internal VisualContextLease(VisualContextCache cache, VisualContextCache.Entry entry, VisualContext context) =>
        (_cache, _entry, Context) = (cache, entry, context);

    /// <summary>The context, read-only: every conversation on the silo shares it.</summary>
    public VisualContext Context { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cache.Release(_entry);
        }
    }
}
