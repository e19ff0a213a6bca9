using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;
using SparseVila.Grains.Storage;
using SparseVila.Silo.Hosting;

namespace SparseVila.Silo.Tests;

/// <summary>Two silos built with the project's own hosting configuration form one cluster.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private const string DataFolderKey = "Storage:FileSystem:RootPath";
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("sparsevila-cluster-");
    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureHostConfiguration(configuration =>
            configuration.AddInMemoryCollection([KeyValuePair.Create(DataFolderKey, (string?)_data.FullName)]));
        builder.AddSiloBuilderConfigurator<ProjectHostingConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task BothSilos_AreActiveMembers()
    {
        var management = Cluster.GrainFactory.GetGrain<IManagementGrain>(0);

        var hosts = await management.GetHosts(onlyActive: true, TestContext.Current.CancellationToken);

        Assert.Equal(2, hosts.Count);
        Assert.All(hosts.Values, status => Assert.Equal(SiloStatus.Active, status));
    }

    [Fact]
    public async Task EachSilo_HasTheConfiguredStorage_AndCanWriteIt()
    {
        foreach (var silo in Cluster.Silos.Cast<InProcessSiloHandle>())
        {
            var store = silo.SiloHost.Services.GetRequiredService<IBlobStore>();

            var problem = await store.CheckWritableAsync(TestContext.Current.CancellationToken);

            Assert.Null(problem);
            Assert.Equal(_data.FullName, Assert.IsType<FileSystemBlobStore>(store).RootPath);
        }
    }

    [Fact]
    public void EachSilo_HasBlobGrainStorage_AsTheDefaultGrainStorage()
    {
        foreach (var silo in Cluster.Silos.Cast<InProcessSiloHandle>())
        {
            var storage = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

            Assert.IsType<BlobGrainStorage>(storage);
        }
    }
}
