namespace SparseVila.Infra.Tests.Support;

/// <summary>One process of SparseVila as a deployment describes it: which program it runs and the environment it gets.</summary>
/// <param name="Source">The deployment and the container or service, for messages.</param>
/// <param name="Program">The program's file: SparseVila.Silo.dll or SparseVila.Gateway.dll.</param>
/// <param name="Variables">Its environment variables with their values (Kubernetes references resolved from the manifests).</param>
/// <param name="FieldPaths">For Kubernetes, the downward-API field each variable so set comes from.</param>
internal sealed record AppContainer(
    string Source, string Program, IReadOnlyDictionary<string, string> Variables, IReadOnlyDictionary<string, string> FieldPaths)
{
    public const string SiloProgram = "SparseVila.Silo.dll";
    public const string GatewayProgram = "SparseVila.Gateway.dll";

    public bool IsSilo => Program == SiloProgram;

    public bool IsGateway => Program == GatewayProgram;

    /// <summary>The value of a variable by configuration key (<c>Orleans:Clustering</c> is <c>Orleans__Clustering</c>), or null.</summary>
    public string? Setting(string key) =>
        Variables.FirstOrDefault(v => string.Equals(v.Key.Replace("__", ":", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => Source;
}
