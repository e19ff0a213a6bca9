using SparseVila.Bench.Machine;

namespace SparseVila.Bench.EngineThroughput;

/// <summary>What <c>bench engine</c> measured.</summary>
public sealed record EngineReport(
    MachineReport Machine,
    string Model,
    double CheckpointLoadSeconds,
    double VisionFramesPerSecond,
    double VisionGflops,
    IReadOnlyList<ContextResult> Contexts);

/// <summary>Prefill and decode at one context length, with the fraction of the machine's peaks each reaches.</summary>
public sealed record ContextResult(
    int ContextTokens,
    double PrefillSeconds,
    double PrefillTokensPerSecond,
    double PrefillGflops,
    double PrefillFractionOfMatmulPeak,
    double DecodeTokensPerSecond,
    double DecodeGigabytesPerSecond,
    double DecodeFractionOfBandwidth);
