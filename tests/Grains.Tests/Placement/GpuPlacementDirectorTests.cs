using System.Reflection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using SparseVila.Contracts;
using SparseVila.Grains.Placement;

namespace SparseVila.Grains.Tests.Placement;

/// <summary>The director alone, with the silo's view of the cluster faked: no cluster is started.</summary>
public sealed class GpuPlacementDirectorTests
{
    private static readonly GrainInterfaceType Interface = GrainInterfaceType.Create("ivideo");

    [Fact]
    public async Task OnlyGpuSilos_AreChosen_TheAffinityKeyPickingAmongThem()
    {
        var silos = PlacementAffinityTests.Silos(6);
        var (local, gpu, web) = (silos[0], silos[1..4], silos[4..]);
        var director = Director(SiloRoles.Web, gpu: gpu, web: web);
        var context = new Cluster(local, [.. Enumerable.Reverse(silos)]);

        var chosen = new HashSet<SiloAddress>();
        for (var i = 0; i < 100; i++)
        {
            var affinity = $"sha256:{i:x4}";
            var target = Target(GrainId.Create("conversation", Guid.NewGuid().ToString("N")), affinity);

            var silo = await director.OnAddActivation(GpuPlacementStrategy.Instance, target, context);

            Assert.Equal(PlacementAffinity.Choose(affinity, gpu), silo);
            chosen.Add(silo);
        }

        Assert.Equal(gpu.ToHashSet(), chosen);
    }

    [Fact]
    public async Task WithoutAnAffinity_TheGrainKeyIsTheKey_SoAVideoMeetsItsConversations()
    {
        var silos = PlacementAffinityTests.Silos(4);
        var director = Director(SiloRoles.Gpu, gpu: silos[1..]);
        var context = new Cluster(silos[0], silos);

        var video = await director.OnAddActivation(GpuPlacementStrategy.Instance, Target(GrainId.Create("video", "sha256:0042"), affinity: null), context);
        var conversation = await director.OnAddActivation(GpuPlacementStrategy.Instance, Target(GrainId.Create("conversation", "c-1"), "sha256:0042"), context);

        Assert.Equal(PlacementAffinity.Choose("sha256:0042", silos), video);
        Assert.Equal(video, conversation);
    }

    [Fact]
    public async Task TheLocalSilosRole_ComesFromItsSettings()
    {
        var silos = PlacementAffinityTests.Silos(3);
        var director = Director(SiloRoles.Gpu, web: silos[1..]);
        var context = new Cluster(silos[0], silos);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(silos[0], await director.OnAddActivation(GpuPlacementStrategy.Instance, Target(GrainId.Create("video", $"v{i}"), affinity: null), context));
        }
    }

    [Fact]
    public async Task NoGpuSilo_IsAnError_NeverAWebSilo()
    {
        var silos = PlacementAffinityTests.Silos(3);
        var director = Director(SiloRoles.Web, web: silos[1..2]);   // silos[2] published no role at all
        var context = new Cluster(silos[0], silos);

        var error = await Assert.ThrowsAsync<OrleansException>(() => director.OnAddActivation(GpuPlacementStrategy.Instance, Target(GrainId.Create("video", "v"), affinity: null), context));

        Assert.Contains("No gpu-role silo", error.Message, StringComparison.Ordinal);
    }

    private static GpuPlacementDirector Director(string localRole, SiloAddress[]? gpu = null, SiloAddress[]? web = null)
    {
        var metadata = new Dictionary<SiloAddress, SiloMetadata>();
        foreach (var silo in gpu ?? [])
        {
            metadata[silo] = Metadata(SiloRoles.Gpu);
        }

        foreach (var silo in web ?? [])
        {
            metadata[silo] = Metadata(SiloRoles.Web);
        }

        return new GpuPlacementDirector(new MetadataCache(metadata), Options.Create(new SiloRoleOptions { Role = localRole }));
    }

    /// <summary>A call's target; with no affinity, no request context at all (Orleans passes null then).</summary>
    private static PlacementTarget Target(GrainId grain, string? affinity) =>
        new(grain, affinity is null ? null! : new Dictionary<string, object> { [PlacementAffinity.RequestContextKey] = affinity }, Interface, 0);

    /// <summary>Silo metadata as a silo publishes it: Orleans fills it internally, so the test does the same.</summary>
    private static SiloMetadata Metadata(string role)
    {
        var metadata = new SiloMetadata();
        var add = typeof(SiloMetadata).GetMethod("AddMetadata", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(string)])
            ?? throw new InvalidOperationException("SiloMetadata.AddMetadata(string, string) is gone; fill the metadata another way.");
        add.Invoke(metadata, [SiloRoles.MetadataKey, role]);
        return metadata;
    }

    private sealed class MetadataCache(Dictionary<SiloAddress, SiloMetadata> metadata) : ISiloMetadataCache
    {
        public SiloMetadata GetSiloMetadata(SiloAddress siloAddress) => metadata.GetValueOrDefault(siloAddress, SiloMetadata.Empty);
    }

    private sealed class Cluster(SiloAddress local, SiloAddress[] compatible) : IPlacementContext
    {
        public SiloAddress LocalSilo => local;

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => compatible;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            throw new NotSupportedException("The director needs no versions.");
    }
}
