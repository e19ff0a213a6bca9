namespace SparseVila.Bench.Load;

/// <summary>What the load benchmark asks of the local cluster.</summary>
public sealed record LoadSettings
{
    /// <summary>Users asking at once, each in its own conversations.</summary>
    public int Users { get; init; } = 16;

    /// <summary>How long users keep asking (questions in flight at the end are finished and counted).</summary>
    public int DurationSeconds { get; init; } = 60;

    /// <summary>Gpu-role silo processes.</summary>
    public int GpuSilos { get; init; } = 2;

    /// <summary>The most tokens an answer may have.</summary>
    public int MaxNewTokens { get; init; } = 16;

    /// <summary>Questions per conversation before a user starts another.</summary>
    public int QuestionsPerConversation { get; init; } = 4;

    /// <summary>Each silo's budget for rehydrated visual contexts (<c>Inference:ContextCacheBytes</c>).</summary>
    public long ContextCacheBytes { get; init; } = 256L << 20;

    /// <summary>This, or <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public LoadSettings Validated() =>
        Users < 1 ? throw new ArgumentException("--users must be at least 1.")
        : DurationSeconds < 1 ? throw new ArgumentException("--seconds must be at least 1.")
        : GpuSilos < 1 ? throw new ArgumentException("--gpu-silos must be at least 1.")
        : MaxNewTokens is < 1 or > 256 ? throw new ArgumentException("--max-new-tokens must be 1 to 256.")
        : this;
}
