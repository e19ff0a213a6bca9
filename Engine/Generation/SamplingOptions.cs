namespace SparseVila.Engine.Generation;

/// <summary>How the next token is chosen and when generation stops.</summary>
public sealed record SamplingOptions
{
    /// <summary>0 picks the most likely token (greedy); above 0 samples from softmax(logits / T).</summary>
    public double Temperature { get; init; }

    /// <summary>Nucleus sampling: sample only from the smallest set of tokens whose probability reaches this (1 = all).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Seed of the sampling generator, so a sampled answer can be reproduced.</summary>
    public ulong Seed { get; init; }

    /// <summary>The most tokens generated.</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>Generation stops once the text ends with one of these; the stop string is not part of the answer.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate()
    {
        if (Temperature < 0 || double.IsNaN(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be 0 (greedy) or positive.");
        }

        if (TopP is <= 0 or > 1 || double.IsNaN(TopP))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must be in (0, 1].");
        }

        if (MaxNewTokens <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "MaxNewTokens must be positive.");
        }
    }
}
