using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SparseVila.Grains.Storage;
using SparseVila.Silo.Hosting;

namespace SparseVila.Silo.Tests;

public sealed class HostingSettingsTests
{
    /// <summary>Azurite's well-known development account (public, not a secret); nothing is contacted.</summary>
    private const string DevelopmentConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

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
    [InlineData("Orleans:Clustering", "Redis", "ConnectionStrings:Redis is not set")]
    [InlineData("Orleans:AdvertisedIPAddress", "my-host", "not an IP address")]
    [InlineData("Orleans:Clustering", "Consul", "not a known value")]
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
    public void Redis_TakesItsConnectionFromConnectionStrings()
    {
        var settings = Load(("Orleans:Clustering", "redis"), ("ConnectionStrings:Redis", "10.0.0.5:6380,password=s3cret"),
            ("Orleans:AdvertisedIPAddress", "10.0.0.7"));

        Assert.Equal("Redis", settings.Cluster.Clustering);
        Assert.Equal("10.0.0.5:6380,password=s3cret", settings.Cluster.RedisConnectionString);
        Assert.Equal("10.0.0.7", settings.Cluster.AdvertisedIPAddress);
    }

    [Fact]
    public void Redis_WithAnUnparsableConnection_FailsWithoutEchoingIt()
    {
        var problem = Problem(("Orleans:Clustering", "Redis"), ("ConnectionStrings:Redis", "host:1,password=s3cret,nonsense=yes"));

        Assert.StartsWith("ConnectionStrings:Redis is not a Redis connection string", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterClient_DoesNotCheckTheSiloRoleOrEngine()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [KeyValuePair.Create("Silo:Role", (string?)"cpu"), KeyValuePair.Create("Engine:Device", (string?)"tpu")]).Build();

        var settings = HostingSettings.Load(configuration, "/srv/sparsevila", forClient: true);

        Assert.Equal("Localhost", settings.Cluster.Clustering);
        Assert.Throws<HostingConfigurationException>(() => HostingSettings.Load(configuration, "/srv/sparsevila", forClient: false));
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
            () => Load(("Orleans:Clustering", "Consul"), ("Storage:Provider", "S3"), ("Silo:Role", "x")));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains("Orleans:Clustering", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Silo:Role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureBlob_WithAConnectionString_IsAccepted()
    {
        var settings = Load(("Storage:Provider", "azureblob"), ("Storage:AzureBlob:ConnectionString", DevelopmentConnectionString),
            ("Storage:AzureBlob:ContainerName", "videos-eu"));

        Assert.Equal("AzureBlob", settings.Storage.Provider);
        Assert.Equal(DevelopmentConnectionString, settings.Storage.AzureBlob.ConnectionString);
        Assert.Equal("videos-eu", settings.Storage.AzureBlob.ContainerName);
    }

    [Fact]
    public void AzureBlob_TakesTheConnectionStringFromConnectionStringsBlobs_WhenItsOwnIsNotSet()
    {
        var settings = Load(("Storage:Provider", "AzureBlob"), ("ConnectionStrings:Blobs", DevelopmentConnectionString));

        Assert.Equal(DevelopmentConnectionString, settings.Storage.AzureBlob.ConnectionString);
        Assert.Equal("sparsevila", settings.Storage.AzureBlob.ContainerName);
    }

    [Fact]
    public void AzureBlob_AcceptsTheDevelopmentStorageShortcut() =>
        Assert.Equal("UseDevelopmentStorage=true",
            Load(("Storage:Provider", "AzureBlob"), ("ConnectionStrings:Blobs", "UseDevelopmentStorage=true")).Storage.AzureBlob.ConnectionString);

    [Fact]
    public void AzureBlob_WithoutAConnectionString_FailsNamingBothSettings()
    {
        var problem = Problem(("Storage:Provider", "AzureBlob"));

        Assert.StartsWith("Storage:AzureBlob:ConnectionString", problem, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Blobs", problem, StringComparison.Ordinal);
        Assert.Contains("must be set", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureBlob_WithAMalformedConnectionString_FailsWithoutEchoingIt()
    {
        var problem = Problem(("Storage:Provider", "AzureBlob"), ("Storage:AzureBlob:ConnectionString", "AccountKey=secret-value"));

        Assert.StartsWith("Storage:AzureBlob:ConnectionString", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Videos")]
    [InlineData("videos--eu")]
    [InlineData("-videos")]
    public void AzureBlob_WithAnInvalidContainerName_FailsNamingTheSetting(string container)
    {
        var problem = Problem(("Storage:Provider", "AzureBlob"), ("Storage:AzureBlob:ConnectionString", DevelopmentConnectionString),
            ("Storage:AzureBlob:ContainerName", container));

        Assert.StartsWith("Storage:AzureBlob:ContainerName", problem, StringComparison.Ordinal);
        Assert.Contains("3–63 lower-case letters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureBlob_DoesNotCheckTheDataFolder() =>
        Assert.Equal("AzureBlob", Load(("Storage:Provider", "AzureBlob"), ("ConnectionStrings:Blobs", DevelopmentConnectionString),
            ("Storage:FileSystem:RootPath", " ")).Storage.Provider);

    [Fact]
    public void EmptyDataFolder_WithTheFileSystemStore_Fails() =>
        Assert.StartsWith("Storage:FileSystem:RootPath", Problem(("Storage:FileSystem:RootPath", " ")), StringComparison.Ordinal);

    [Fact]
    public void TheConfiguredStore_IsTheRegisteredBlobStore()
    {
        using var fileSystem = new ServiceCollection().AddSparseVilaBlobStore(Load().Storage).BuildServiceProvider();
        using var azure = new ServiceCollection()
            .AddSparseVilaBlobStore(Load(("Storage:Provider", "AzureBlob"), ("ConnectionStrings:Blobs", DevelopmentConnectionString)).Storage)
            .BuildServiceProvider();

        Assert.Equal("/srv/sparsevila/data", Assert.IsType<FileSystemBlobStore>(fileSystem.GetRequiredService<IBlobStore>()).RootPath);
        Assert.Equal("sparsevila", Assert.IsType<AzureBlobStore>(azure.GetRequiredService<IBlobStore>()).ContainerName);
    }
}
