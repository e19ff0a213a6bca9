namespace SparseVila.Engine.Generation;

/// <summary>How a <see cref="DecodeBatcher"/> batches the decode steps of concurrent sequences.</summary>
public sealed record DecodeBatcherOptions
{
    /// <summary>
    /// The most sequences one forward decodes; when more are active they take turns, in the order they
    /// joined. Every row's attention runs against its own cache, so a step's cost grows with its rows.
    /// </summary>
    public int MaxBatchRows { get; init; } = 16;

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchRows);
}
