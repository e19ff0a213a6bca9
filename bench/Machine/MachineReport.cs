namespace SparseVila.Bench.Machine;

/// <summary>What <c>bench machine</c> measured.</summary>
public sealed record MachineReport(
    int LogicalCores,
    int TorchThreads,
    IReadOnlyList<MatmulResult> Matmul,
    double PeakMatmulGflops,
    double ReadGigabytesPerSecond,
    double CopyGigabytesPerSecond);

/// <summary>One square fp32 matmul size: the best of its timed repetitions.</summary>
public sealed record MatmulResult(int Size, double BestMilliseconds, double Gflops);
