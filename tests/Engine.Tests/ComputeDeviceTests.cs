using SparseVila.Engine.Devices;
using TorchSharp;

namespace SparseVila.Engine.Tests;

public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    [InlineData("auto")]
    public void Resolve_WithoutCuda_GivesCpu(string device) =>
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve(new EngineDeviceOptions { Device = device }, cudaAvailable: false, cudaDeviceCount: 0).type);

    [Fact]
    public void Resolve_AutoWithCuda_GivesCuda() =>
        Assert.Equal(DeviceType.CUDA, ComputeDevice.Resolve(new EngineDeviceOptions { Device = "auto" }, cudaAvailable: true, cudaDeviceCount: 1).type);

    [Fact]
    public void Resolve_CudaIndex_GivesThatDevice()
    {
        var device = ComputeDevice.Resolve(new EngineDeviceOptions { Device = "cuda:1" }, cudaAvailable: true, cudaDeviceCount: 2);
        Assert.Equal((DeviceType.CUDA, 1), (device.type, device.index));
    }

    [Theory]
    [InlineData("tpu", true, 1, "not a device")]
    [InlineData("cuda", false, 0, "no CUDA device is usable")]
    [InlineData("cuda:2", true, 2, "names no CUDA device")]
    [InlineData("cuda:x", true, 1, "names no CUDA device")]
    public void Resolve_RefusesWhatCannotRun_NamingTheSetting(string device, bool cuda, int count, string reason)
    {
        var error = Assert.Throws<EngineConfigurationException>(
            () => ComputeDevice.Resolve(new EngineDeviceOptions { Device = device }, cuda, count));
        Assert.Equal("Engine:Device", error.Setting);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_OnThisMachine_MatchesWhatTorchReports()
    {
        var device = ComputeDevice.Resolve(new EngineDeviceOptions { Device = "auto" });
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Fact]
    public void ApplyCpuThreads_RejectsNegativeCounts() =>
        Assert.Equal("Engine:CpuThreads",
            Assert.Throws<EngineConfigurationException>(() => ComputeDevice.ApplyCpuThreads(new EngineDeviceOptions { CpuThreads = -1 })).Setting);
}
