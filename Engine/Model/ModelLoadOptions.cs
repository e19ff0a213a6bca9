using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>Where and in which precision a checkpoint is loaded.</summary>
/// <param name="Device">The compute device.</param>
/// <param name="ComputeType">The weights' dtype: float32 on CPU; bfloat16 or float16 where the device supports it.</param>
public sealed record ModelLoadOptions(Device Device, ScalarType ComputeType)
{
    /// <summary>fp32 on the CPU.</summary>
    public static ModelLoadOptions Cpu { get; } = new(CPU, ScalarType.Float32);

    /// <summary>The natural precision for <paramref name="device"/>: bf16 on CUDA, fp32 on the CPU (whose bf16 matmuls are slower).</summary>
    public static ModelLoadOptions For(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device, device.type == TorchSharp.DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);
    }
}
