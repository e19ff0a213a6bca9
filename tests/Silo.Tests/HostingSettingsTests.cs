using Microsoft.Extensions.Configuration;
using SparseVila.Silo.Hosting;

namespace SparseVila.Silo.Tests;

public sealed class HostingSettingsTests
{
    private static HostingSettings Load(params (string Key, string Value)[] values) =>
        HostingSettings.Load(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build(),
            contentRootPath: "/srv/sparsevila");

    private static string Problem(params (string Key, string Value)[] values) =>
        Assert.Single(Assert.Throws<HostingConfigurationException>(() => Load(values)).Problems);

    [Fact]
    public void Defaults_AreTheEmbeddedSingleMachineSetup()
    {
        var settings = Load();

        Assert.Equal("Localhost", settings.Cluster.Clustering);
        Assert.Equal("FileSystem", settings.Storage.Provider);
        Assert.Equal("gpu", settings.Silo.Role);
        Assert.Equal("/srv/sparsevila/data", settings.Storage.FileSystem.RootPath);
    }

    [Fact]
    public void ChoicesAreMatchedIgnoringCase_AndCanonicalised()
    {
        var settings = Load(("Orleans:Clustering", "localhost"), ("Storage:Provider", "filesystem"));

        Assert.Equal("Localhost", settings.Cluster.Clustering);
        Assert.Equal("FileSystem", settings.Storage.Provider);
    }

    [Fact]
    public void AbsoluteDataFolder_IsKept() =>
        Assert.Equal("/var/lib/sv", Load(("Storage:FileSystem:RootPath", "/var/lib/sv")).Storage.FileSystem.RootPath);

    [Theory]
    [InlineData("Orleans:Clustering", "Redis", "not implemented yet")]
    [InlineData("Orleans:Clustering", "Consul", "not a known value")]
    [InlineData("Storage:Provider", "AzureBlob", "not implemented yet")]
    [InlineData("Storage:Provider", "S3", "not a known value")]
    [InlineData("Silo:Role", "cpu", "use one of: gpu, web")]
    [InlineData("Orleans:SiloPort", "0", "a port is 1 to 65535")]
    [InlineData("Orleans:GatewayPort", "70000", "a port is 1 to 65535")]
    [InlineData("Orleans:ClusterId", " ", "must not be empty")]
    [InlineData("Engine:Device", "tpu", "not a device")]
    [InlineData("Engine:CpuThreads", "-2", "positive thread count")]
    public void UnusableValue_FailsNamingTheSetting(string key, string value, string reason)
    {
        var problem = Problem((key, value));

        Assert.StartsWith(key, problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WebSilo_DoesNotCheckTheEngineDevice() =>
        Assert.Equal("web", Load(("Silo:Role", "web"), ("Engine:Device", "tpu")).Silo.Role);

    [Fact]
    public void SamePortForSiloAndGateway_Fails() =>
        Assert.Contains("must differ", Problem(("Orleans:SiloPort", "4000"), ("Orleans:GatewayPort", "4000")), StringComparison.Ordinal);

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var error = Assert.Throws<HostingConfigurationException>(
            () => Load(("Orleans:Clustering", "Redis"), ("Storage:Provider", "AzureBlob"), ("Silo:Role", "x")));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains("Orleans:Clustering", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Silo:Role", error.Message, StringComparison.Ordinal);
    }
}
