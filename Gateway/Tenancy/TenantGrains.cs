using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Videos;
using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Tenancy;

/// <summary>
/// The grains a request may name: always its own tenant's (the key carries the tenant). An id that cannot be a valid
/// id is "not found", like any id that does not exist.
/// </summary>
public static class TenantGrains
{
    public static IVideoGrain Video(this IGrainFactory grains, TenantId tenant, string id) =>
        Grain<IVideoGrain>(grains, tenant, id, "video");

    public static IConversationGrain Conversation(this IGrainFactory grains, TenantId tenant, string id) =>
        Grain<IConversationGrain>(grains, tenant, id, "conversation");

    public static IVideoCatalogGrain Catalog(this IGrainFactory grains, TenantId tenant)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IVideoCatalogGrain>(tenant.Value);
    }

    /// <summary>The video's info; a 404 problem when the tenant has no such video.</summary>
    public static async Task<VideoInfo> VideoInfoAsync(this IGrainFactory grains, TenantId tenant, string id) =>
        await grains.Video(tenant, id).GetInfoAsync().ConfigureAwait(false) ?? throw ApiProblemException.NotFound("video", id);

    private static T Grain<T>(IGrainFactory grains, TenantId tenant, string id, string kind)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        string key;
        try
        {
            key = GrainKeys.For(tenant, id);
        }
        catch (FormatException)
        {
            throw ApiProblemException.NotFound(kind, id);
        }

        return grains.GetGrain<T>(key);
    }
}
