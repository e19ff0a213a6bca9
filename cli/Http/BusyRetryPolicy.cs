using System.Net.Http.Headers;

namespace SparseVila.Cli.Http;

/// <summary>
/// How a request refused with 429 is tried again: after the <c>Retry-After</c> the Gateway sent (or
/// <see cref="DefaultDelay"/> when it sent none), capped at <see cref="MaxDelay"/>, at most <see cref="MaxRetries"/> times.
/// </summary>
public sealed record BusyRetryPolicy(int MaxRetries, TimeSpan DefaultDelay, TimeSpan MaxDelay)
{
    public static BusyRetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>How long to wait before trying again, from a 429's <c>Retry-After</c> (seconds or a date).</summary>
    public TimeSpan DelayFor(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var delay = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => DefaultDelay,
        };
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
    }
}
