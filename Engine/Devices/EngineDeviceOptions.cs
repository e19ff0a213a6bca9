namespace SparseVila.Engine.Devices;

/// <summary>Where the engine computes. Bound from the <c>Engine</c> configuration section.</summary>
public sealed class EngineDeviceOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Engine";

    /// <summary>
    /// <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, or <c>auto</c> (CUDA when a GPU and the CUDA TorchSharp
    /// backend are present, else CPU).
    /// </summary>
    public string Device { get; set; } = "auto";

    /// <summary>Intra-op CPU threads for tensor compute; 0 leaves libtorch's choice (one per core).</summary>
    public int CpuThreads { get; set; }
}
