using SparseVila.Contracts;

namespace SparseVila.Grains.Placement;

/// <summary>What this silo is for. Bound from the <c>Silo</c> configuration section.</summary>
public sealed class SiloRoleOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo";

    /// <summary><see cref="SiloRoles.Gpu"/> (default: runs the engine) or <see cref="SiloRoles.Web"/>.</summary>
    public string Role { get; set; } = SiloRoles.Gpu;
}
