namespace SparseVila.Bench.Sparsity;

/// <summary>What <c>bench sparsity</c> compares: one video, the sparsity ratios and the conversation.</summary>
public sealed record SparsitySettings
{
    /// <summary>Length of the generated video; at one frame a second it gives 196 visual tokens per second.</summary>
    public required int VideoSeconds { get; init; }

    /// <summary>SparseVILA's query-agnostic keep ratio (K).</summary>
    public required double KeepRatio { get; init; }

    /// <summary>SparseVILA's query-aware retrieval ratio (R), per layer and KV head.</summary>
    public required double RetrievalRatio { get; init; }

    /// <summary>Tokens generated each turn.</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>The conversation every method answers, one turn per question.</summary>
    public IReadOnlyList<string> Questions { get; init; } =
    [
        "What is shown at the start of the video?",
        "How does the moving pattern change over time?",
        "Summarise the whole video in one sentence.",
    ];

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(VideoSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNewTokens);
        if (KeepRatio is <= 0 or > 1 || double.IsNaN(KeepRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(KeepRatio), KeepRatio, "The keep ratio must be in (0, 1].");
        }

        if (RetrievalRatio is <= 0 or > 1 || double.IsNaN(RetrievalRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(RetrievalRatio), RetrievalRatio, "The retrieval ratio must be in (0, 1].");
        }

        if (Questions.Count == 0)
        {
            throw new ArgumentException("At least one question is needed.", nameof(Questions));
        }
    }
}
