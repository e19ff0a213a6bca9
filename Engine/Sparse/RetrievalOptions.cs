namespace SparseVila.Engine.Sparse;

/// <summary>How many visual tokens each turn's decoding attends to, and how they are chosen.</summary>
public sealed record RetrievalOptions
{
    /// <summary>The selection method.</summary>
    public DecodeMethod Method { get; init; } = DecodeMethod.SparseVila;

    /// <summary>Fraction of the context's visual tokens retrieved per layer and KV head (SparseVILA's default 0.1).</summary>
    public double RetrievalRatio { get; init; } = 0.1;

    /// <summary>A fixed number of visual tokens instead of <see cref="RetrievalRatio"/>.</summary>
    public int? TokenBudget { get; init; }

    /// <summary>The first visual tokens of the context, always kept (attention sinks).</summary>
    public int SinkTokens { get; init; }

    /// <summary>The layer whose attention picks FastV's set.</summary>
    public int FastVLayer { get; init; } = 2;

    /// <summary>The visual tokens retrieved from a context holding <paramref name="visualTokens"/>.</summary>
    public int BudgetFor(int visualTokens)
    {
        if (Method == DecodeMethod.Dense)
        {
            return visualTokens;
        }

        var budget = TokenBudget ?? (int)Math.Round(RetrievalRatio * visualTokens);
        return Math.Clamp(Math.Max(budget, SinkTokens), Math.Min(1, visualTokens), visualTokens);
    }

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate()
    {
        if (RetrievalRatio is <= 0 or > 1 || double.IsNaN(RetrievalRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(RetrievalRatio), RetrievalRatio, "RetrievalRatio must be in (0, 1].");
        }

        if (TokenBudget is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenBudget), TokenBudget, "TokenBudget must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(SinkTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(FastVLayer);
    }
}
