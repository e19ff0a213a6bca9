using SparseVila.Engine.Sparse;

namespace SparseVila.Grains.Inference;

/// <summary>How a gpu silo runs the engine; checked by <see cref="InferenceOptionsValidator"/>.</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Inference";

    /// <summary>The checkpoint folder; empty for the shipped default model (models/shapes-demo).</summary>
    public string ModelFolder { get; set; } = string.Empty;

    /// <summary>Threads that run prefill and indexing work, one item at a time each.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Work items that may wait for a worker; one more is refused (backpressure) rather than queued.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Most conversations whose decode steps share one forward pass.</summary>
    public int MaxBatchRows { get; set; } = 16;

    /// <summary>Bytes of rehydrated visual contexts a silo keeps for its conversations (least recently used go first).</summary>
    public long ContextCacheBytes { get; set; } = 4L << 30;

    /// <summary>How answers pick visual tokens: <c>SparseVila</c> (default), <c>Dense</c> or <c>FastV</c>.</summary>
    public DecodeMethod DecodeMethod { get; set; } = DecodeMethod.SparseVila;

    /// <summary>How often a video whose indexing was cut short (its silo died) is resumed if nothing calls it first.</summary>
    public TimeSpan IndexingResumePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>SparseVILA's query-aware retrieval: the share of the visual tokens each answer decodes over.</summary>
    public double RetrievalRatio { get; set; } = 0.1;
}
