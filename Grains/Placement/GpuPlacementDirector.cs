using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using SparseVila.Contracts;

namespace SparseVila.Grains.Placement;

/// <summary>
/// Chooses, among the silos that can host the grain, those whose metadata says <c>role=gpu</c>, and among them the one of
/// the grain's affinity key (<see cref="PlacementAffinity"/>). No gpu silo → <see cref="OrleansException"/>: an engine-bound
/// grain never activates on a web silo, even when that is all there is.
/// </summary>
public sealed class GpuPlacementDirector(ISiloMetadataCache metadata, IOptions<SiloRoleOptions> localRole) : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gpu = context.GetCompatibleSilos(target).Where(silo => IsGpu(silo, context.LocalSilo)).OrderBy(silo => silo.ToParsableString()).ToArray();
        if (gpu.Length == 0)
        {
            throw new OrleansException($"No gpu-role silo is in the cluster to host {target.GrainIdentity}.");
        }

        var key = target.RequestContextData is { } data && data.TryGetValue(PlacementAffinity.RequestContextKey, out var value) && value is string affinity
            ? affinity
            : target.GrainIdentity.Key.ToString()!;
        return Task.FromResult(PlacementAffinity.Choose(key, gpu));
    }

    /// <summary>The local silo knows its role from its settings; others from the metadata they published.</summary>
    private bool IsGpu(SiloAddress silo, SiloAddress local) =>
        silo.Equals(local)
            ? localRole.Value.Role == SiloRoles.Gpu
            : metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloRoles.MetadataKey, out var role) && role == SiloRoles.Gpu;
}
