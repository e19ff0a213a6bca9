namespace SparseVila.Contracts;

/// <summary>
/// Grain keys carry their tenant: <c>{tenant}/{id}</c>. A request can only name its own tenant's grains, and a grain knows
/// its owner from its key alone, so another tenant's id is never even looked up.
/// </summary>
public static class GrainKeys
{
    /// <summary>The most characters of an id within a tenant.</summary>
    public const int MaxIdLengthChars = 64;

    /// <summary>The key of <paramref name="id"/> of <paramref name="tenant"/>; throws <see cref="FormatException"/> for an id that is not 1–64 of a-z, 0-9, '-'.</summary>
    public static string For(TenantId tenant, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > MaxIdLengthChars || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new FormatException($"An id is 1 to {MaxIdLengthChars} characters of a-z, 0-9 and '-'; \"{id}\" is not.");
        }

        return $"{tenant.Value}/{id}";
    }

    /// <summary>The tenant and id of <paramref name="key"/>; throws <see cref="FormatException"/> for a key <see cref="For"/> did not make.</summary>
    public static (TenantId Tenant, string Id) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !TenantId.TryParse(key[..slash], out var tenant, out _))
        {
            throw new FormatException($"\"{key}\" is not a grain key of the form tenant/id.");
        }

        var id = key[(slash + 1)..];
        _ = For(tenant, id);
        return (tenant, id);
    }

    /// <summary>A new random id (32 hex digits).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");
}
