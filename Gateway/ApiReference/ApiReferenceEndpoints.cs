using Scalar.AspNetCore;

namespace SparseVila.Gateway.ApiReference;

/// <summary>The human-readable API reference, rendered from <c>/openapi/v1.json</c> (assets are embedded: no CDN).</summary>
public static class ApiReferenceEndpoints
{
    /// <summary>Where the reference page is served.</summary>
    public const string Path = "/api-reference";

    /// <summary>Maps the reference page at <see cref="Path"/>.</summary>
    public static IEndpointRouteBuilder MapSparseVilaApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference(Path, options => options.WithTitle("SparseVila API"));
        return endpoints;
    }
}
