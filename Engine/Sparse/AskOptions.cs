using SparseVila.Engine.Generation;

namespace SparseVila.Engine.Sparse;

/// <summary>How one question is answered.</summary>
public sealed record AskOptions
{
    /// <summary>The most tokens the answer may have.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>0 answers greedily; above 0 samples.</summary>
    public double Temperature { get; init; }

    /// <summary>Nucleus sampling threshold.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Seed for sampling.</summary>
    public ulong Seed { get; init; }

    /// <summary>Tokens per prefill chunk of the turn's text.</summary>
    public int PrefillChunkTokens { get; init; } = 512;

    /// <summary>Frames reported as evidence.</summary>
    public int EvidenceFrames { get; init; } = 3;

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate()
    {
        Sampling([]).Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PrefillChunkTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(EvidenceFrames);
    }

    /// <summary>How the answer is sampled, stopping at <paramref name="stopStrings"/> (the chat template's).</summary>
    internal SamplingOptions Sampling(IReadOnlyList<string> stopStrings) => new()
    {
        Temperature = Temperature, TopP = TopP, Seed = Seed, MaxNewTokens = MaxNewTokens, StopStrings = stopStrings,
    };
}
