namespace SparseVila.Contracts.Errors;

/// <summary>
/// The silo's inference queue is full (backpressure): nothing was started, and the same request may succeed after
/// <see cref="RetryAfterSeconds"/>.
/// </summary>
[GenerateSerializer]
public sealed class ServiceBusyException : Exception
{
    public ServiceBusyException(int queuedItems, int retryAfterSeconds)
        : base($"The inference queue is full ({queuedItems} waiting); try again in {retryAfterSeconds} s.") =>
        (QueuedItems, RetryAfterSeconds) = (queuedItems, retryAfterSeconds);

    public ServiceBusyException()
        : this(0, 1)
    {
    }

    public ServiceBusyException(string message, Exception innerException)
        : base(message, innerException) => RetryAfterSeconds = 1;

    /// <summary>Work items waiting when this one was refused.</summary>
    [Id(0)]
    public int QueuedItems { get; }

    /// <summary>A hint for when to try again.</summary>
    [Id(1)]
    public int RetryAfterSeconds { get; }
}
