using Microsoft.Extensions.Options;
using SparseVila.Contracts;

namespace SparseVila.Gateway.Tenancy;

/// <summary>Every key is long enough to guess badly and maps to a valid tenant id. Errors never print a whole key.</summary>
public sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    /// <summary>The fewest characters of a key.</summary>
    public const int MinKeyLengthChars = 16;

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (key, tenant) in options.ApiKeys)
        {
            var shown = key.Length <= 4 ? key : key[..4] + "…";
            if (key.Length < MinKeyLengthChars || key.Any(char.IsWhiteSpace))
            {
                failures.Add($"{ApiKeyOptions.SectionName}:ApiKeys: the key '{shown}' must have at least {MinKeyLengthChars} characters and no spaces.");
            }

            if (!TenantId.TryParse(tenant, out _, out var reason))
            {
                failures.Add($"{ApiKeyOptions.SectionName}:ApiKeys: the key '{shown}' maps to '{tenant}': {reason}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
