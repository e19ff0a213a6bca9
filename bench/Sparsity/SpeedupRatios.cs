namespace SparseVila.Bench.Sparsity;

/// <summary>A method against dense: how many times faster (above 1 is faster).</summary>
/// <param name="PrefillSpeedup">Dense's visual-context prefill time over the method's.</param>
/// <param name="DecodeSpeedup">The method's decode tokens/s over dense's.</param>
/// <param name="E2eSpeedup">Dense's end-to-end time over the method's (vision encoding excluded from both).</param>
public sealed record SpeedupRatios(double PrefillSpeedup, double DecodeSpeedup, double E2eSpeedup)
{
    /// <summary>The ratios of <paramref name="method"/> against <paramref name="dense"/>.</summary>
    public static SpeedupRatios Against(MethodResult dense, MethodResult method)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(method);
        return new(
            dense.PrefillMilliseconds / method.PrefillMilliseconds,
            method.DecodeTokensPerSecond / dense.DecodeTokensPerSecond,
            dense.EndToEndMilliseconds / method.EndToEndMilliseconds);
    }
}
