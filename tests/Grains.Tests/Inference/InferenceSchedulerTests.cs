using SparseVila.Contracts.Errors;

namespace SparseVila.Grains.Tests.Inference;

public sealed class InferenceSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_RunsOnASchedulerThread_NotTheCallers()
    {
        using var harness = new SchedulerHarness(workers: 2);
        var caller = Environment.CurrentManagedThreadId;

        var (thread, name) = await harness.Scheduler.RunAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name), TestContext.Current.CancellationToken);

        Assert.NotEqual(caller, thread);
        Assert.StartsWith("sparsevila-inference-", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Work_WaitsForItsTurnOnTheComputeLane()
    {
        using var harness = new SchedulerHarness();
        var turn = harness.Lane.Enter();

        var work = harness.Scheduler.RunAsync(() => 42, TestContext.Current.CancellationToken);

        Assert.True(SpinWait.SpinUntil(() => harness.Lane.Waiting == 1, Patience), "The worker never queued on the lane.");
        Assert.False(work.IsCompleted);
        turn.Dispose();
        Assert.Equal(42, await work.WaitAsync(Patience, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AFullQueue_RefusesRunAsyncAtOnce_WhileRunWhenRoomAsyncWaitsForRoom()
    {
        using var harness = new SchedulerHarness(workers: 1, queueCapacity: 1);
        var scheduler = harness.Scheduler;
        var blocker = await harness.BlockWorkerAsync(result: 1);
        var queued = scheduler.RunAsync(() => 2, TestContext.Current.CancellationToken);
        var refusedRan = false;

        var busy = Assert.Throws<ServiceBusyException>(() => { _ = scheduler.RunAsync(() => refusedRan = true, TestContext.Current.CancellationToken); });
        var waiting = scheduler.RunWhenRoomAsync(() => 3, TestContext.Current.CancellationToken);

        Assert.Equal(1, busy.QueuedItems);
        Assert.True(busy.RetryAfterSeconds > 0);
        Assert.Equal(1, scheduler.Capacity);
        Assert.False(waiting.IsCompleted);
        harness.Gate.Set();
        Assert.Equal(new[] { 1, 2, 3 }, await Task.WhenAll(blocker, queued, waiting).WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.False(refusedRan);
        Assert.Equal(0, scheduler.Queued);
    }

    [Fact]
    public async Task RunWhenRoomAsync_CancelledWhileWaitingForRoom_Throws_AndLeavesTheCountRight()
    {
        using var harness = new SchedulerHarness(workers: 1, queueCapacity: 1);
        var scheduler = harness.Scheduler;
        var blocker = await harness.BlockWorkerAsync();
        var queued = scheduler.RunAsync(() => 2, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var waiting = scheduler.RunWhenRoomAsync(() => ran = true, cancel.Token);
        Assert.Equal(2, scheduler.Queued);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal(1, scheduler.Queued);
        harness.Gate.Set();
        Assert.Equal(2, await queued.WaitAsync(Patience, TestContext.Current.CancellationToken));
        await blocker;
        Assert.False(ran);
    }

    [Fact]
    public async Task AnExceptionFromWork_ReachesTheCaller_AndTheWorkerCarriesOn()
    {
        using var harness = new SchedulerHarness();
        var scheduler = harness.Scheduler;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scheduler.RunAsync<int>(() => throw new InvalidOperationException("boom"), TestContext.Current.CancellationToken));
        var voidError = await Assert.ThrowsAsync<FormatException>(() => scheduler.RunAsync(() => throw new FormatException("bad"), TestContext.Current.CancellationToken));

        Assert.Equal("boom", error.Message);
        Assert.Equal("bad", voidError.Message);
        Assert.Equal(5, await scheduler.RunAsync(() => 5, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WorkCancelledBeforeItStarts_NeverRuns_AndIsCancelled()
    {
        using var harness = new SchedulerHarness();
        var blocker = await harness.BlockWorkerAsync();
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var work = harness.Scheduler.RunAsync(() => ran = true, cancel.Token);
        await cancel.CancelAsync();
        harness.Gate.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.True(work.IsCanceled);
        Assert.False(ran);
        await blocker;
    }

    [Fact]
    public async Task WorkThatObservesItsOwnCancellation_EndsCancelled_NotFaulted()
    {
        using var harness = new SchedulerHarness();
        using var cancel = new CancellationTokenSource();

        var work = harness.Scheduler.RunAsync(() =>
        {
            cancel.Cancel();
            cancel.Token.ThrowIfCancellationRequested();
            return 0;
        }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.True(work.IsCanceled);
    }

    [Fact]
    public async Task Dispose_LetsRunningWorkFinish_AndFailsWhatWaits_WithObjectDisposed()
    {
        using var harness = new SchedulerHarness(workers: 1, queueCapacity: 1);
        var scheduler = harness.Scheduler;
        var running = await harness.BlockWorkerAsync(result: 7);
        var queuedRan = false;
        var queued = scheduler.RunAsync(() => queuedRan = true, TestContext.Current.CancellationToken);
        var waitingForRoom = scheduler.RunWhenRoomAsync(() => 0, TestContext.Current.CancellationToken);

        // Dispose joins the worker, which is held by the gate, so it runs aside until the gate opens.
        var disposing = Task.Run(scheduler.Dispose, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waitingForRoom.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Throws<ObjectDisposedException>(() => { _ = scheduler.RunAsync(() => 0, TestContext.Current.CancellationToken); });
        Assert.False(disposing.IsCompleted);
        harness.Gate.Set();

        Assert.Equal(7, await running.WaitAsync(Patience, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued.WaitAsync(Patience, TestContext.Current.CancellationToken));
        await disposing.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.False(queuedRan);
        Assert.Throws<ObjectDisposedException>(() => { _ = scheduler.RunAsync(() => 0, TestContext.Current.CancellationToken); });
        await Assert.ThrowsAsync<ObjectDisposedException>(() => scheduler.RunWhenRoomAsync(() => 0, TestContext.Current.CancellationToken));
    }
}
