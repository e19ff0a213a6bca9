using SparseVila.Gateway.Archives;
using SparseVila.Gateway.Conversations;
using SparseVila.Gateway.Videos;

namespace SparseVila.Gateway.Hosting;

/// <summary>The HTTP API under <c>/api</c>: every route needs a tenant (an API key, or none configured).</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapSparseVilaApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        api.MapVideoApi();
        api.MapArchiveApi();
        api.MapConversationApi();
        return endpoints;
    }
}
