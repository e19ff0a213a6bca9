using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>Where and in which precision a checkpoint is loaded.</summary>
/// <param name="Device">The compute device.</param>
/// <param name="ComputeType">The weights' dtype: float32 on CPU; bfloat16 or float16 where the device supports it.</param>
public sealed record ModelLoadOptions(Device Device, ScalarType ComputeType)
{
    /// <summary>fp32 on the CPU.</summary>
    public static ModelLoadOptions Cpu { get; } = new(CPU, ScalarType.Float32);
}
