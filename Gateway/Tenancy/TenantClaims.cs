using System.Security.Claims;
using SparseVila.Contracts;

namespace SparseVila.Gateway.Tenancy;

/// <summary>The tenant of an authenticated request.</summary>
public static class TenantClaims
{
    public const string TenantClaimType = "sparsevila:tenant";

    /// <summary>The tenant <see cref="ApiKeyAuthenticationHandler"/> put in <paramref name="user"/>.</summary>
    public static TenantId Tenant(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirstValue(TenantClaimType)
            ?? throw new InvalidOperationException("The request has no tenant: is the endpoint outside the authenticated API group?");
        return TenantId.Parse(value);
    }
}
