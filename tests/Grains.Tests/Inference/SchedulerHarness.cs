using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparseVila.Engine.Generation;
using SparseVila.Grains.Inference;

namespace SparseVila.Grains.Tests.Inference;

/// <summary>An <see cref="InferenceScheduler"/> with real meters, a lane of its own, and a gate to hold its one worker.</summary>
internal sealed class SchedulerHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public SchedulerHarness(int workers = 1, int queueCapacity = 64)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new InferenceOptions { Workers = workers, QueueCapacity = queueCapacity });
        Scheduler = new InferenceScheduler(options, Lane, _services.GetRequiredService<IMeterFactory>(), NullLogger<InferenceScheduler>.Instance);
    }

    public ComputeLane Lane { get; } = new();

    public InferenceScheduler Scheduler { get; }

    /// <summary>Released to let blocking work finish.</summary>
    public ManualResetEventSlim Gate { get; } = new();

    /// <summary>Queues work that holds a worker until <see cref="Gate"/> is set; completes once the worker has taken it.</summary>
    public async Task<Task<int>> BlockWorkerAsync(int result = -1)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Scheduler.RunAsync(() =>
        {
            started.SetResult();
            Gate.Wait();
            return result;
        }, TestContext.Current.CancellationToken);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return running;
    }

    public void Dispose()
    {
        Gate.Set();
        Scheduler.Dispose();
        Gate.Dispose();
        _services.Dispose();
    }
}
