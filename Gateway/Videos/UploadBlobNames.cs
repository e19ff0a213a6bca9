using SparseVila.Contracts;

namespace SparseVila.Gateway.Videos;

/// <summary>Where the Gateway stores an uploaded video's bytes.</summary>
public static class UploadBlobNames
{
    /// <summary><c>{tenant}/uploads/{videoId}</c>.</summary>
    public static string For(TenantId tenant, string videoId) => $"{tenant.Value}/uploads/{videoId}";
}
