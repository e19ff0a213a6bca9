using Orleans.Runtime.Placement;
using Orleans.TestingHost;
using SparseVila.Grains.Storage;

namespace SparseVila.Silo.Tests;

/// <summary>
/// Grain state in a two-silo cluster built with the project's hosting: the default grain storage is
/// <see cref="BlobGrainStorage"/> on the configured store, so a grain's state outlives its silo.
/// </summary>
public sealed class GrainStateClusterTests : IAsyncLifetime
{
    private ProjectCluster? _project;

    private TestCluster Cluster => (_project ?? throw new InvalidOperationException("The cluster has not started.")).Cluster;

    private DirectoryInfo Data => (_project ?? throw new InvalidOperationException("The cluster has not started.")).Data;

    public async ValueTask InitializeAsync() => _project = await ProjectCluster.StartAsync("sparsevila-state-");

    public async ValueTask DisposeAsync()
    {
        if (_project is not null)
        {
            await _project.DisposeAsync();
        }
    }

    [Fact]
    public async Task State_SurvivesTheSiloThatHeldIt()
    {
        // The secondary silo, so that stopping it leaves the primary (which holds the test cluster's membership).
        var secondary = Cluster.SecondarySilos[0].SiloAddress;
        var counter = Cluster.GrainFactory.GetGrain<ICounterGrain>("tenant-a/c1");
        RequestContext.Set(IPlacementDirector.PlacementHintKey, secondary);
        try
        {
            Assert.Equal(secondary, await counter.GetHostAsync());
        }
        finally
        {
            RequestContext.Clear();
        }

        foreach (var expected in new[] { 1, 2, 3 })
        {
            Assert.Equal(expected, await counter.IncrementAsync());
        }

        await Cluster.StopSiloAsync(Cluster.SecondarySilos[0], TestContext.Current.CancellationToken);

        Assert.Equal(Cluster.Primary?.SiloAddress, await counter.GetHostAsync());
        Assert.Equal(3, await counter.GetAsync());
        Assert.Equal(4, await counter.IncrementAsync());
    }

    [Fact]
    public async Task State_IsWrittenToTheConfiguredStore()
    {
        var counter = Cluster.GrainFactory.GetGrain<ICounterGrain>("tenant-a/c2");

        await counter.IncrementAsync();

        var store = new FileSystemBlobStore(Data.FullName);
        var blobs = new List<string>();
        await foreach (var blob in store.ListAsync("grainstate/", TestContext.Current.CancellationToken))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(["grainstate/counter/tenant-a_2Fc2/count"], blobs);
    }
}

/// <summary>A counter whose value is persisted in the default grain storage.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, persists it, and returns the new value.</summary>
    Task<int> IncrementAsync();

    /// <summary>The persisted value.</summary>
    Task<int> GetAsync();

    /// <summary>The silo this activation runs on.</summary>
    Task<SiloAddress> GetHostAsync();
}

/// <summary>The persisted state of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}

/// <summary>Keeps its count in <c>[PersistentState]</c> with no storage name: the silo's default grain storage.</summary>
[GrainType("counter")]
public sealed class CounterGrain([PersistentState("count")] IPersistentState<CounterState> state, ILocalSiloDetails silo) : Grain, ICounterGrain
{
    async Task<int> ICounterGrain.IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    Task<int> ICounterGrain.GetAsync() => Task.FromResult(state.State.Count);

    Task<SiloAddress> ICounterGrain.GetHostAsync() => Task.FromResult(silo.SiloAddress);
}
