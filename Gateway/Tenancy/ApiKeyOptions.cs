namespace SparseVila.Gateway.Tenancy;

/// <summary>API keys and the tenants they stand for (configuration section <c>Auth</c>).</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Key → tenant id (<c>Auth:ApiKeys:KEY = tenant</c>, or <c>Auth__ApiKeys__KEY=tenant</c> in the environment). Empty
    /// (the embedded default): every request is tenant <c>local</c>.
    /// </summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);
}
