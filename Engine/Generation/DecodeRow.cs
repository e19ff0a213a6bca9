using System.Threading.Channels;
using SparseVila.Engine.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Generation;

/// <summary>
/// One sequence's place in a <see cref="DecodeBatcher"/>: what the batcher thread reads and writes for it
/// (stream, first logits, cache) and what its consumer reads (the token channel, the moment it left).
/// </summary>
internal sealed class DecodeRow(GenerationStream stream, Tensor firstLogits, IAttentionCache cache, CancellationToken cancellationToken)
{
    private readonly Channel<GeneratedToken> _tokens =
        Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Continuations run on the thread pool, never inline on the batcher thread.
    private readonly TaskCompletionSource _left = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _abandoned;

    /// <summary>The sequence's decoding state; the batcher thread drives it while the row is in.</summary>
    public GenerationStream Stream => stream;

    /// <summary>The prefill's last logits (V,), sampled once when the row starts.</summary>
    public Tensor FirstLogits => firstLogits;

    /// <summary>The row's decode cache; the caller's, lent until <see cref="Left"/> completes.</summary>
    public IAttentionCache Cache => cache;

    /// <summary>The tokens as they are decoded, completed when the row leaves (with its error, if any).</summary>
    public ChannelReader<GeneratedToken> Tokens => _tokens.Reader;

    /// <summary>Completes once the batcher will never touch the row's cache, logits or stream again.</summary>
    public Task Left => _left.Task;

    /// <summary>The consumer cancelled or stopped reading: the row leaves at the batcher's next step.</summary>
    public bool IsStopped => _abandoned || cancellationToken.IsCancellationRequested;

    /// <summary>The consumer will read no more.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Hands tokens to the consumer; the channel is unbounded, so the batcher never waits on a slow reader.</summary>
    public void Deliver(IReadOnlyList<GeneratedToken> tokens)
    {
        foreach (var token in tokens)
        {
            _tokens.Writer.TryWrite(token);
        }
    }

    /// <summary>Leaves the batch: completes the channel (with <paramref name="error"/>, if any), then <see cref="Left"/>.</summary>
    public void Leave(Exception? error)
    {
        _tokens.Writer.TryComplete(error);
        _left.TrySetResult();
    }

    /// <summary>Why a stopped row ends: cancellation for its consumer, or nothing when the consumer stopped reading.</summary>
    public Exception? StopReason() => cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : null;
}
