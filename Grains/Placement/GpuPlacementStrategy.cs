namespace SparseVila.Grains.Placement;

/// <summary>
/// Places a grain on a silo whose metadata says <c>role=gpu</c>, the same one for every grain with the same affinity key
/// (<see cref="PlacementAffinity"/>), so conversations about a video run where its visual context is already held.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class GpuPlacementStrategy : PlacementStrategy
{
    /// <summary>The one instance: the strategy has no settings.</summary>
    public static GpuPlacementStrategy Instance { get; } = new();
}
