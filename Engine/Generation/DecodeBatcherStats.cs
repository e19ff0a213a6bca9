namespace SparseVila.Engine.Generation;

/// <summary>What a <see cref="DecodeBatcher"/> has done so far.</summary>
/// <param name="Steps">Batched forwards run.</param>
/// <param name="RowSteps">Sequence steps those forwards decoded (the sum of their batch sizes).</param>
/// <param name="ActiveSequences">Sequences joined and not yet finished, cancelled or failed.</param>
/// <param name="StepSeconds">Time spent in steps (forward and sampling; waiting for the compute lane excluded).</param>
public sealed record DecodeBatcherStats(long Steps, long RowSteps, int ActiveSequences, double StepSeconds)
{
    /// <summary>Sequences per forward, on average (0 before the first).</summary>
    public double MeanBatchRows => Steps == 0 ? 0 : (double)RowSteps / Steps;
}
