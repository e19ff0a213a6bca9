using System.Diagnostics;
using System.Runtime.CompilerServices;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Tokenization;
using static TorchSharp.torch;

namespace SparseVila.Engine.Generation;

/// <summary>
/// Decodes many sequences at once, each over its own cache: one forward per step for up to
/// <see cref="DecodeBatcherOptions.MaxBatchRows"/> of them (continuous batching: a sequence joins at the
/// next step and leaves as soon as it finishes). Decoding runs on one dedicated thread, never on the
/// thread pool; each sequence's tokens reach its consumer through its own channel. For greedy sampling
/// a sequence decodes exactly what <see cref="TextGenerator.Generate"/> would.
/// </summary>
public sealed class DecodeBatcher : IDisposable
{
    private readonly CausalLanguageModel _model;
    private readonly ITextTokenizer _tokenizer;
    private readonly DecodeBatcherOptions _options;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly List<DecodeRow> _joining = [];   // guarded by _gate
    private readonly List<DecodeRow> _active = [];    // the batcher thread's own, in turn order
    private bool _disposed;                           // guarded by _gate
    private long _steps;
    private long _rowSteps;
    private long _stepTicks;
    private readonly ComputeLane? _lane;
    private int _activeSequences;

    /// <summary>
    /// Starts the batcher's thread; <paramref name="model"/> and <paramref name="tokenizer"/> are shared, not owned. Given a
    /// <paramref name="lane"/>, each step takes a turn on it, so steps never run at once with the other work on the lane.
    /// </summary>
    public DecodeBatcher(CausalLanguageModel model, ITextTokenizer tokenizer, DecodeBatcherOptions options, ComputeLane? lane = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_model, _tokenizer, _options, _lane) = (model, tokenizer, options, lane);
        _thread = new Thread(Run) { IsBackground = true, Name = "SparseVila decode batcher" };
        _thread.Start();
    }

    /// <summary>Steps and rows decoded so far, and the sequences in flight.</summary>
    public DecodeBatcherStats Stats => new(
        Interlocked.Read(ref _steps), Interlocked.Read(ref _rowSteps), Volatile.Read(ref _activeSequences),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _stepTicks)).TotalSeconds);

    /// <summary>
    /// Decodes one sequence from <paramref name="firstLogits"/> (V,), the prefill's last logits (its first
    /// token is sampled from them), into <paramref name="cache"/>. The caller keeps ownership of both and
    /// must not touch them until the enumeration ends: once it has (to the end, by cancellation, by an
    /// error, or by disposing the enumerator early) the batcher will never touch them again.
    /// <paramref name="onFinished"/> gets the whole result after the last token, on the consumer's side.
    /// The sequence joins when enumeration starts; a forward that throws fails the sequences of its step
    /// with that exception; <see cref="Dispose"/> fails those in flight with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public IAsyncEnumerable<GeneratedToken> GenerateAsync(
        Tensor firstLogits, IAttentionCache cache, SamplingOptions sampling, Action<GenerationResult>? onFinished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(firstLogits);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(sampling);
        sampling.Validate();
        if (firstLogits.shape.Length != 1)
        {
            throw new ArgumentException($"The first logits must be one row (V,), not ({string.Join(", ", firstLogits.shape)}).", nameof(firstLogits));
        }

        return Decode(firstLogits, cache, sampling, onFinished, cancellationToken);
    }

    private async IAsyncEnumerable<GeneratedToken> Decode(
        Tensor firstLogits, IAttentionCache cache, SamplingOptions sampling, Action<GenerationResult>? onFinished,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stream = new GenerationStream(_tokenizer, sampling);
        var row = new DecodeRow(stream, firstLogits, cache, cancellationToken);
        Join(row);
        try
        {
            await foreach (var token in row.Tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // Tokens the batcher had already written still sit in the channel: none is delivered once cancelled.
                cancellationToken.ThrowIfCancellationRequested();
                yield return token;
            }
        }
        finally
        {
            // However the consumer leaves, the cache is the batcher's until the row is out of the batch.
            row.Abandon();
            await row.Left.ConfigureAwait(false);
        }

        onFinished?.Invoke(stream.Result);
    }

    private void Join(DecodeRow row)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _joining.Add(row);
            Interlocked.Increment(ref _activeSequences);
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        while (NextJoining() is { } joining)
        {
            foreach (var row in joining)
            {
                Start(row);
            }

            foreach (var row in _active.Where(r => r.IsStopped).ToList())
            {
                _active.Remove(row);
                Leave(row, row.StopReason());
            }

            if (_active.Count > 0)
            {
                Step();
            }
        }

        List<DecodeRow> remaining;
        lock (_gate)
        {
            remaining = [.. _joining, .. _active];
            _joining.Clear();
        }

        _active.Clear();
        foreach (var row in remaining)
        {
            Leave(row, new ObjectDisposedException(nameof(DecodeBatcher)));
        }
    }

    /// <summary>Waits until some sequence is in; takes those that joined since the last step, or null once disposed.</summary>
    private List<DecodeRow>? NextJoining()
    {
        lock (_gate)
        {
            while (!_disposed && _joining.Count == 0 && _active.Count == 0)
            {
                Monitor.Wait(_gate);
            }

            if (_disposed)
            {
                return null;
            }

            var joining = _joining.ToList();
            _joining.Clear();
            return joining;
        }
    }

    /// <summary>Samples a new row's first token from its prefill logits; it decodes from the next step on.</summary>
    private void Start(DecodeRow row)
    {
        if (row.IsStopped)
        {
            Leave(row, row.StopReason());
            return;
        }

        try
        {
            row.Deliver(row.Stream.Accept(row.Stream.Sample(row.FirstLogits)));
        }
#pragma warning disable CA1031 // The error belongs to the row's consumer; the thread goes on for the others.
        catch (Exception error)
#pragma warning restore CA1031
        {
            Leave(row, error);
            return;
        }

        if (row.Stream.IsFinished)
        {
            Leave(row, null);
        }
        else
        {
            _active.Add(row);
        }
    }

    /// <summary>One forward for the first rows in turn; they go to the back of the line unless they finished.</summary>
    private void Step()
    {
        var batch = _active.Take(_options.MaxBatchRows).ToList();
        _active.RemoveRange(0, batch.Count);
        using var turn = _lane?.Enter();
        var started = Stopwatch.GetTimestamp();
        try
        {
            Step(batch);
        }
        finally
        {
            Interlocked.Add(ref _stepTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private void Step(List<DecodeRow> batch)
    {
        Interlocked.Increment(ref _steps);
        Interlocked.Add(ref _rowSteps, batch.Count);
        using var inference = no_grad();
        using var scope = NewDisposeScope();
        Tensor logits;
        try
        {
            var ids = tensor(batch.Select(r => (long)r.Stream.LastTokenId).ToArray(), device: _model.Device).unsqueeze(1); // (B, 1)
            logits = _model.Forward(new DecoderInput(_model.Embed(ids), batch.Select(r => r.Cache).ToArray()));            // (B, 1, V)
        }
#pragma warning disable CA1031 // A failed forward fails the rows of its step, not the thread.
        catch (Exception error)
#pragma warning restore CA1031
        {
            batch.ForEach(row => Leave(row, error));
            return;
        }

        for (var b = 0; b < batch.Count; b++)
        {
            var row = batch[b];
            try
            {
                row.Deliver(row.Stream.Accept(row.Stream.Sample(logits[b, 0])));                                            // (V,)
            }
#pragma warning disable CA1031 // The error belongs to the row's consumer; the thread goes on for the others.
            catch (Exception error)
#pragma warning restore CA1031
            {
                Leave(row, error);
                continue;
            }

            if (row.Stream.IsFinished)
            {
                Leave(row, null);
            }
            else
            {
                _active.Add(row);
            }
        }
    }

    private void Leave(DecodeRow row, Exception? error)
    {
        row.Leave(error);
        Interlocked.Decrement(ref _activeSequences);
    }

    /// <summary>Stops the thread after its current step; sequences still in flight fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }
}
