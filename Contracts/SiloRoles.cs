namespace SparseVila.Contracts;

/// <summary>
/// The roles a silo can carry as Orleans silo metadata. Engine-bound grains (videos, conversations)
/// are placed on <see cref="Gpu"/> silos only; <see cref="Web"/> silos host the Gateway and nothing
/// that runs the model.
/// </summary>
public static class SiloRoles
{
    /// <summary>The silo metadata key that holds the role.</summary>
    public const string MetadataKey = "role";

    /// <summary>Runs the engine: indexing and answering.</summary>
    public const string Gpu = "gpu";

    /// <summary>Serves HTTP only; never activates engine-bound grains.</summary>
    public const string Web = "web";

    /// <summary>Every role this build knows, for validation messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Gpu, Web];

    /// <summary>Whether <paramref name="role"/> is one of <see cref="All"/> (case-sensitive, lower case).</summary>
    public static bool IsKnown(string? role) => role is Gpu or Web;
}
