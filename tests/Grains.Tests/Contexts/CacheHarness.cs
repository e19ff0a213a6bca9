using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparseVila.Engine.Sparse;
using SparseVila.Grains.Contexts;
using SparseVila.Grains.Inference;
using static TorchSharp.torch;

namespace SparseVila.Grains.Tests.Contexts;

/// <summary>A <see cref="VisualContextCache"/> with real meters, and small zero contexts of a known size to fill it.</summary>
internal sealed class CacheHarness : IDisposable
{
    /// <summary>Positions in each test context.</summary>
    private const int Positions = 4;

    private readonly ServiceProvider _services;

    /// <param name="budgetContexts">The byte budget, in test contexts (<see cref="ContextBytes"/> each).</param>
    public CacheHarness(double budgetContexts)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        BudgetBytes = (long)(budgetContexts * ContextBytes);
        var options = Options.Create(new InferenceOptions { ContextCacheBytes = BudgetBytes });
        Cache = new VisualContextCache(options, _services.GetRequiredService<IMeterFactory>(), NullLogger<VisualContextCache>.Instance);
    }

    /// <summary>Bytes of one test context: one layer of float32 keys and values (1, 1, 4, 2).</summary>
    public static long ContextBytes => 2 * Positions * 2 * sizeof(float);

    public long BudgetBytes { get; }

    public VisualContextCache Cache { get; }

    /// <summary>The stats the cache should report after <paramref name="hits"/> and so on, under this harness's budget.</summary>
    public VisualContextCacheStats Expected(long hits, long misses, long evictions, int contexts) =>
        new(hits, misses, evictions, contexts * ContextBytes, contexts, BudgetBytes);

    /// <summary>Times each key was loaded.</summary>
    public Dictionary<string, int> Loads { get; } = [];

    /// <summary>A fresh context of <see cref="ContextBytes"/>.</summary>
    public static VisualContext NewContext()
    {
        Tensor[] keys = [zeros(1, 1, Positions, 2)];       // (1, Hkv, P, Dh)
        Tensor[] values = [zeros(1, 1, Positions, 2)];     // (1, Hkv, P, Dh)
        var tokens = Enumerable.Repeat(ContextToken.TextOf(-1, -1), Positions).ToList();
        return new VisualContext(keys, values, tokens, new VisualContextStats(0, 0, 0, 1, 0, 0));
    }

    /// <summary>Whether <paramref name="context"/>'s tensors have been freed.</summary>
    public static bool IsDisposed(VisualContext context) => context.Keys(0).IsInvalid;

    /// <summary>Leases <paramref name="key"/>, loading a fresh context (counted in <see cref="Loads"/>) if it is not held.</summary>
    public Task<VisualContextLease> AcquireAsync(string key) =>
        Cache.AcquireAsync(key, _ => Task.FromResult(Load(key)), TestContext.Current.CancellationToken);

    /// <summary>Counts a load of <paramref name="key"/> and makes its context.</summary>
    public VisualContext Load(string key)
    {
        lock (Loads)
        {
            Loads[key] = Loads.GetValueOrDefault(key) + 1;
        }

        return NewContext();
    }

    public void Dispose()
    {
        Cache.Dispose();
        _services.Dispose();
    }
}
