using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Videos;
using SparseVila.Grains.Conversations;
using SparseVila.Grains.Videos;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>Engine-bound grains activate on gpu-role silos only, each key on the silo its affinity ranks first.</summary>
public sealed class PlacementTests
{
    [Fact]
    public async Task VideoAndConversationGrains_NeverActivateOnAWebSilo()
    {
        await using var cluster = await EngineCluster.StartAsync(silos: 3, webSilos: 1);
        var web = Assert.Single(cluster.Cluster.Silos, EngineCluster.IsWeb);
        var keys = Enumerable.Range(0, 24).Select(_ => GrainKeys.For(EngineCluster.Tenant, GrainKeys.NewId())).ToList();

        foreach (var key in keys)
        {
            Assert.Null(await cluster.Grains.GetGrain<IVideoGrain>(key).GetInfoAsync());
            Assert.Null(await cluster.Grains.GetGrain<IConversationGrain>(key).GetInfoAsync());
        }

        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var activations = (await management.GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken))
            .Where(a => a.GrainType.Contains(nameof(VideoGrain), StringComparison.Ordinal) || a.GrainType.Contains(nameof(ConversationGrain), StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(2 * keys.Count, activations.Length);
        Assert.DoesNotContain(activations, a => a.SiloAddress.Equals(web.SiloAddress));
        Assert.All(activations, a => Assert.Equal(cluster.SiloFor(a.GrainId.Key.ToString()!).SiloAddress, a.SiloAddress));
        Assert.Equal(2, activations.Select(a => a.SiloAddress).Distinct().Count());                    // both gpu silos take keys
    }
}
