namespace SparseVila.Cli.Videos;

/// <summary>A command's <c>--timeout</c>: a token that is cancelled when the time is up or the caller cancels, and which of the two it was.</summary>
public sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _outer;

    public Deadline(double? seconds, CancellationToken outer)
    {
        _outer = outer;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Seconds = seconds;
        if (seconds is { } limit)
        {
            _source.CancelAfter(TimeSpan.FromSeconds(limit));
        }
    }

    /// <summary>The limit, if any.</summary>
    public double? Seconds { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether the time ran out (rather than the caller cancelling).</summary>
    public bool Expired => _source.IsCancellationRequested && !_outer.IsCancellationRequested;

    public void Dispose() => _source.Dispose();
}
