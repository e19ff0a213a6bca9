namespace SparseVila.Contracts.Videos;

/// <summary>An uploaded video's bytes, as stored.</summary>
/// <param name="Tenant">The owner.</param>
/// <param name="Name">The name it was uploaded under (a file name, for people).</param>
/// <param name="BlobName">Where its bytes are in the blob store.</param>
/// <param name="ContentHash">The SHA-256 of its bytes, <c>sha256:…</c>.</param>
/// <param name="LengthBytes">Its size.</param>
/// <param name="ContentType">Its media type (<c>video/mp4</c>, <c>video/webm</c>…), as sniffed from its bytes.</param>
/// <param name="UploadedAt">When its upload completed.</param>
/// <param name="DurationSeconds">Its length as probed at upload, if it was.</param>
[GenerateSerializer, Immutable]
public sealed record VideoSource(
    [property: Id(0)] TenantId Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] string BlobName,
    [property: Id(3)] string ContentHash,
    [property: Id(4)] long LengthBytes,
    [property: Id(5)] string ContentType = VideoSource.UnknownContentType,
    [property: Id(6)] DateTimeOffset UploadedAt = default,
    [property: Id(7)] double? DurationSeconds = null)
{
    /// <summary>The media type of bytes whose container was not recognised.</summary>
    public const string UnknownContentType = "application/octet-stream";
}
