using SparseVila.Engine.Sparse;

namespace SparseVila.Grains.Tests.Contexts;

public sealed class VisualContextCacheTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConcurrentFirstAcquires_LoadOnce_AndShareOneContext()
    {
        using var harness = new CacheHarness(budgetContexts: 4);
        var read = new TaskCompletionSource<VisualContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;

        var acquires = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => harness.Cache.AcquireAsync("video", _ =>
            {
                Interlocked.Increment(ref loads);
                return read.Task;
            }, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken))
            .ToArray();
        Assert.True(SpinWait.SpinUntil(() => harness.Cache.Stats is { Hits: 7, Misses: 1 }, Patience), "Not every acquire arrived.");
        Assert.DoesNotContain(acquires, acquire => acquire.IsCompleted);
        var context = CacheHarness.NewContext();
        read.SetResult(context);
        var leases = await Task.WhenAll(acquires).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(1, loads);
        Assert.All(leases, lease => Assert.Same(context, lease.Context));
        Assert.Equal(harness.Expected(hits: 7, misses: 1, evictions: 0, contexts: 1), harness.Cache.Stats);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task HitsAndMisses_AreCounted_AndAReleasedContextIsKeptUnderBudget()
    {
        using var harness = new CacheHarness(budgetContexts: 4);

        var first = await harness.AcquireAsync("a");
        first.Dispose();
        using var again = await harness.AcquireAsync("a");
        using var other = await harness.AcquireAsync("b");

        Assert.Same(first.Context, again.Context);
        Assert.Equal(harness.Expected(hits: 1, misses: 2, evictions: 0, contexts: 2), harness.Cache.Stats);
        Assert.Equal(1, harness.Loads["a"]);
        Assert.Equal(1, harness.Loads["b"]);
    }

    [Fact]
    public async Task OverBudget_TheLeastRecentlyUsedUnleasedContextIsEvicted_AndDisposed()
    {
        using var harness = new CacheHarness(budgetContexts: 2.5);
        var a = await harness.AcquireAsync("a");
        var b = await harness.AcquireAsync("b");
        a.Dispose();
        b.Dispose();
        (await harness.AcquireAsync("a")).Dispose();      // a is now more recent than b

        using var c = await harness.AcquireAsync("c");   // three contexts > 2.5: one goes

        Assert.False(harness.Cache.Contains("b"));
        Assert.True(CacheHarness.IsDisposed(b.Context));
        Assert.True(harness.Cache.Contains("a"));
        Assert.False(CacheHarness.IsDisposed(a.Context));
        Assert.Equal(harness.Expected(hits: 1, misses: 3, evictions: 1, contexts: 2), harness.Cache.Stats);
        using var bAgain = await harness.AcquireAsync("b");
        Assert.Equal(2, harness.Loads["b"]);
    }

    [Fact]
    public async Task LeasedContexts_AreNeverEvicted_EvenOverBudget()
    {
        using var harness = new CacheHarness(budgetContexts: 1);
        var a = await harness.AcquireAsync("a");
        var b = await harness.AcquireAsync("b");
        var c = await harness.AcquireAsync("c");

        Assert.Equal(harness.Expected(hits: 0, misses: 3, evictions: 0, contexts: 3), harness.Cache.Stats);
        Assert.True(harness.Cache.Stats.Bytes > harness.Cache.Stats.BudgetBytes);

        a.Dispose();
        Assert.False(harness.Cache.Contains("a"));
        Assert.True(CacheHarness.IsDisposed(a.Context));
        b.Dispose();
        Assert.False(harness.Cache.Contains("b"));
        c.Dispose();                                     // back at the budget: the last one stays
        Assert.True(harness.Cache.Contains("c"));
        Assert.False(CacheHarness.IsDisposed(c.Context));
        Assert.Equal(2, harness.Cache.Stats.Evictions);
    }

    [Fact]
    public async Task DisposingALeaseTwice_ReleasesItOnce()
    {
        using var harness = new CacheHarness(budgetContexts: 0);
        var first = await harness.AcquireAsync("a");
        var second = await harness.AcquireAsync("a");

        first.Dispose();
        first.Dispose();

        Assert.True(harness.Cache.Contains("a"));
        Assert.False(CacheHarness.IsDisposed(second.Context));
        second.Dispose();
        Assert.False(harness.Cache.Contains("a"));
        Assert.True(CacheHarness.IsDisposed(second.Context));
    }

    [Fact]
    public async Task DisposingTheCache_DisposesTheContextsItHolds()
    {
        var harness = new CacheHarness(budgetContexts: 4);
        var lease = await harness.AcquireAsync("a");
        lease.Dispose();

        harness.Dispose();

        Assert.True(CacheHarness.IsDisposed(lease.Context));
        Assert.Equal(0, harness.Cache.Stats.Contexts);
    }

    [Fact]
    public async Task AFailedLoad_FailsEveryWaiter_AndIsNotCached()
    {
        using var harness = new CacheHarness(budgetContexts: 4);
        var read = new TaskCompletionSource<VisualContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = harness.Cache.AcquireAsync("a", _ => read.Task, TestContext.Current.CancellationToken);
        var second = harness.Cache.AcquireAsync("a", _ => read.Task, TestContext.Current.CancellationToken);

        read.SetException(new IOException("The blob is gone."));

        await Assert.ThrowsAsync<IOException>(() => first);
        await Assert.ThrowsAsync<IOException>(() => second);
        Assert.False(harness.Cache.Contains("a"));
        using var lease = await harness.AcquireAsync("a");
        Assert.Equal(1, harness.Loads["a"]);
        Assert.Equal(harness.Expected(hits: 1, misses: 2, evictions: 0, contexts: 1), harness.Cache.Stats);
    }

    [Fact]
    public async Task ALoadThatEndsCancelled_IsNotCached()
    {
        using var harness = new CacheHarness(budgetContexts: 4);

        // An async read whose own timeout fires ends Canceled, not Faulted (as HttpClient's does).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Cache.AcquireAsync("a", TimesOutAsync, TestContext.Current.CancellationToken));

        using var lease = await harness.AcquireAsync("a");
        Assert.Equal(1, harness.Loads["a"]);
    }

    [Fact]
    public async Task ALoadThatFailsAfterItsOnlyWaiterGaveUp_IsNotCached()
    {
        using var harness = new CacheHarness(budgetContexts: 4);
        var read = new TaskCompletionSource<VisualContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var waiting = harness.Cache.AcquireAsync("a", _ => read.Task, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        read.SetException(new IOException("The blob is gone."));

        using var lease = await harness.AcquireAsync("a");
        Assert.Equal(1, harness.Loads["a"]);
    }

    private static async Task<VisualContext> TimesOutAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new TaskCanceledException("The read timed out.");
    }
}
