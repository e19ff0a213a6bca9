using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparseVila.Contracts.Errors;
using SparseVila.Engine.Generation;

namespace SparseVila.Grains.Inference;

/// <summary>
/// Runs the silo's tensor work (model loading, indexing windows, question prefill) on threads of its own, so a grain turn
/// never blocks on compute: grains await <see cref="RunAsync{T}"/>. The queue is bounded; when it is full the work is
/// refused at once with <see cref="ServiceBusyException"/> (backpressure the Gateway turns into 429), never queued without
/// limit. Decoding does not come through here: the model's <c>DecodeBatcher</c> has its own thread. Both take turns on
/// the silo's <see cref="ComputeLane"/>, one work item or one decode step at a time, so they never fight over the cores.
/// </summary>
public sealed partial class InferenceScheduler : IDisposable
{
    private readonly Channel<WorkItem> _queue;
    private readonly Thread[] _workers;
    private readonly ComputeLane _lane;
    private readonly ILogger<InferenceScheduler> _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _refused;
    private int _queued;
    private int _running;
    private volatile bool _disposed;

    public InferenceScheduler(IOptions<InferenceOptions> options, ComputeLane lane, IMeterFactory meters, ILogger<InferenceScheduler> logger)
    {
        _lane = lane ?? throw new ArgumentNullException(nameof(lane));
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var settings = options.Value;
        Capacity = settings.QueueCapacity;
        _queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(settings.QueueCapacity) { SingleWriter = false, SingleReader = settings.Workers == 1 });
        _meter = meters.Create(SiloMetrics.MeterName);
        _refused = _meter.CreateCounter<long>("sparsevila.inference.refused", description: "Work items refused because the queue was full.");
        _meter.CreateObservableGauge("sparsevila.inference.queued", () => Volatile.Read(ref _queued), description: "Work items waiting for a worker.");
        _meter.CreateObservableGauge("sparsevila.inference.running", () => Volatile.Read(ref _running), description: "Work items running.");
        _workers = [.. Enumerable.Range(0, settings.Workers).Select(i => new Thread(Work) { IsBackground = true, Name = $"sparsevila-inference-{i}" })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>The most items that may wait.</summary>
    public int Capacity { get; }

    /// <summary>Items waiting now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>
    /// Runs <paramref name="work"/> on a worker and completes with its result (continuations never run on the worker).
    /// Throws <see cref="ServiceBusyException"/> at once when the queue is full; work cancelled before it starts never runs.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var item = new WorkItem<T>(work, cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(item))
        {
            var waiting = Interlocked.Decrement(ref _queued);
            ObjectDisposedException.ThrowIf(_disposed, this);   // the writer was completed by Dispose, which sets _disposed first
            _refused.Add(1);
            LogRefused(waiting, Capacity);
            throw new ServiceBusyException(waiting, RetryAfterSeconds);
        }

        return item.Task;
    }

    /// <summary>
    /// As <see cref="RunAsync{T}"/>, but for background work (indexing) that waits for room in the queue instead of being
    /// refused: users' questions are refused when the silo is saturated, its own work is only slowed.
    /// </summary>
    public async Task<T> RunWhenRoomAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var item = new WorkItem<T>(work, cancellationToken);
        Interlocked.Increment(ref _queued);
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Only Dispose completes the writer: fail like the items it found waiting.
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(InferenceScheduler), "The silo is shutting down.");
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            throw;
        }

        return await item.Task.ConfigureAwait(false);
    }

    /// <summary>As <see cref="RunAsync{T}"/> for work without a result.</summary>
    public Task RunAsync(Action work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        }, cancellationToken);
    }

    /// <summary>Stops taking work, fails what is waiting with <see cref="ObjectDisposedException"/>, and lets running items finish.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (!_queue.Writer.TryComplete())
        {
            return;
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _meter.Dispose();
    }

    /// <summary>A hint for a refused caller: items are seconds long at most.</summary>
    private const int RetryAfterSeconds = 1;

    private void Work()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (!reader.TryRead(out var item))
            {
                continue;
            }

            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _running);
            try
            {
                if (_disposed)
                {
                    item.Fail(new ObjectDisposedException(nameof(InferenceScheduler), "The silo is shutting down."));
                }
                else
                {
                    using var turn = _lane.Enter();
                    item.Execute();
                }
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private abstract class WorkItem
    {
        public abstract void Execute();

        public abstract void Fail(Exception error);
    }

    private sealed class WorkItem<T>(Func<T> work, CancellationToken cancellationToken) : WorkItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override void Fail(Exception error) => _completion.TrySetException(error);

        public override void Execute()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                _completion.TrySetResult(work());
            }
            catch (OperationCanceledException error) when (error.CancellationToken == cancellationToken)
            {
                _completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception error)
            {
                _completion.TrySetException(error);
            }
        }
    }
}
