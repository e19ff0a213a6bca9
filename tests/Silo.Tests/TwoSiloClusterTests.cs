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
    private ProjectCluster? _project;

    private TestCluster Cluster => (_project ?? throw new InvalidOperationException("The cluster has not started.")).Cluster;

    private DirectoryInfo Data => (_project ?? throw new InvalidOperationException("The cluster has not started.")).Data;

    public async ValueTask InitializeAsync() => _project = await ProjectCluster.StartAsync("sparsevila-cluster-");

    public async ValueTask DisposeAsync()
    {
        if (_project is not null)
        {
            await _project.DisposeAsync();
        }
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
            Assert.Equal(Data.FullName, Assert.IsType<FileSystemBlobStore>(store).RootPath);
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
