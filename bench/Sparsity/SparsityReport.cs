using SparseVila.Bench.Machine;

namespace SparseVila.Bench.Sparsity;

/// <summary>What <c>bench sparsity</c> measured.</summary>
/// <param name="Machine">This machine's matmul peak and memory bandwidth, measured in the same run.</param>
/// <param name="Config">What was compared, and under which settings.</param>
/// <param name="Methods">Each method's figures, dense first.</param>
/// <param name="Ratios">Each non-dense method against dense, by method name.</param>
/// <param name="Targets">The targets for SparseVILA, and whether they were met.</param>
/// <param name="TotalSeconds">Wall time of the whole run, checkpoint and video making included.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory over the run.</param>
/// <param name="LoadAverages">The one-minute load average before each method's run and at the end: other work on a shared machine.</param>
public sealed record SparsityReport(
    MachineReport Machine,
    SparsityConfigReport Config,
    IReadOnlyList<MethodResult> Methods,
    IReadOnlyDictionary<string, SpeedupRatios> Ratios,
    IReadOnlyList<TargetCheck> Targets,
    double TotalSeconds,
    long PeakWorkingSetBytes,
    IReadOnlyDictionary<string, double?> LoadAverages);
