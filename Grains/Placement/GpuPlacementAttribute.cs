using Orleans.Placement;

namespace SparseVila.Grains.Placement;

/// <summary>Marks an engine-bound grain: it activates on gpu-role silos only (<see cref="GpuPlacementStrategy"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuPlacementAttribute() : PlacementAttribute(GpuPlacementStrategy.Instance);
