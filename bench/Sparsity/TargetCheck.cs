namespace SparseVila.Bench.Sparsity;

/// <summary>One speedup target of the issue, against what SparseVILA measured.</summary>
/// <param name="Name">What is compared (prefill, decode, end-to-end).</param>
/// <param name="TargetSpeedup">The speedup over dense asked for.</param>
/// <param name="MeasuredSpeedup">The speedup measured.</param>
public sealed record TargetCheck(string Name, double TargetSpeedup, double MeasuredSpeedup)
{
    /// <summary>Whether the measured speedup reaches the target.</summary>
    public bool Met => MeasuredSpeedup >= TargetSpeedup;

    /// <summary>The CPU targets at keep 0.25 / retrieval 0.1, checked against <paramref name="sparseVila"/>.</summary>
    public static IReadOnlyList<TargetCheck> ForSparseVila(SpeedupRatios sparseVila)
    {
        ArgumentNullException.ThrowIfNull(sparseVila);
        return
        [
            new("prefill", 3.5, sparseVila.PrefillSpeedup),
            new("decode", 3.0, sparseVila.DecodeSpeedup),
            new("end-to-end", 2.6, sparseVila.E2eSpeedup),
        ];
    }
}
