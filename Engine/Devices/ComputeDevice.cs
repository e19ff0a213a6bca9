using TorchSharp;

namespace SparseVila.Engine.Devices;

/// <summary>Turns <see cref="EngineDeviceOptions"/> into a TorchSharp device, refusing what cannot run here.</summary>
public static class ComputeDevice
{
    /// <summary>
    /// Resolves the configured device. Throws <see cref="EngineConfigurationException"/> for an unknown
    /// value or for CUDA when no CUDA device is usable (this build may reference the CPU backend only).
    /// </summary>
    public static torch.Device Resolve(EngineDeviceOptions options) =>
        Resolve(options, torch.cuda.is_available(), torch.cuda.is_available() ? torch.cuda.device_count() : 0);

    /// <summary>Resolution given what the machine has; separate so it can be tested without a GPU.</summary>
    public static torch.Device Resolve(EngineDeviceOptions options, bool cudaAvailable, int cudaDeviceCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string setting = EngineDeviceOptions.SectionName + ":" + nameof(EngineDeviceOptions.Device);
        var value = options.Device.Trim().ToLowerInvariant();
        if (value == "cpu" || (value == "auto" && !cudaAvailable))
        {
            return torch.CPU;
        }

        if (value == "auto")
        {
            return new torch.Device(DeviceType.CUDA, 0);
        }

        if (value != "cuda" && !value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            throw new EngineConfigurationException(setting, $"'{options.Device}' is not a device; use cpu, cuda, cuda:N or auto.");
        }

        if (!cudaAvailable)
        {
            throw new EngineConfigurationException(setting,
                $"'{options.Device}' asks for CUDA but no CUDA device is usable (no GPU, or this build references the CPU TorchSharp backend).");
        }

        var index = 0;
        if (value.Length > "cuda".Length &&
            (!int.TryParse(value.AsSpan("cuda:".Length), out index) || index < 0 || index >= cudaDeviceCount))
        {
            throw new EngineConfigurationException(setting,
                $"'{options.Device}' names no CUDA device; this machine has {cudaDeviceCount} (cuda:0 to cuda:{cudaDeviceCount - 1}).");
        }

        return new torch.Device(DeviceType.CUDA, index);
    }

    /// <summary>Applies <see cref="EngineDeviceOptions.CpuThreads"/> to libtorch (a process-wide setting).</summary>
    public static void ApplyCpuThreads(EngineDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CpuThreads < 0)
        {
            throw new EngineConfigurationException(
                EngineDeviceOptions.SectionName + ":" + nameof(EngineDeviceOptions.CpuThreads),
                $"must be 0 (libtorch's choice) or a positive thread count, not {options.CpuThreads}.");
        }

        if (options.CpuThreads > 0)
        {
            torch.set_num_threads(options.CpuThreads);
        }
    }
}
