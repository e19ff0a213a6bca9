namespace SparseVila.Contracts.Videos;

/// <summary>What a video grain reports about its video.</summary>
/// <param name="Id">The video's id (unique within its tenant).</param>
/// <param name="Tenant">The owner.</param>
/// <param name="Name">The name it was uploaded under.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Progress">How far indexing has gone.</param>
/// <param name="Error">Why indexing failed, for <see cref="VideoStatus.Failed"/>.</param>
/// <param name="DurationSeconds">The video's length, once probed.</param>
/// <param name="SizeBytes">The uploaded bytes' size.</param>
/// <param name="ContentType">The uploaded bytes' media type.</param>
/// <param name="UploadedAt">When the upload completed.</param>
[GenerateSerializer, Immutable]
public sealed record VideoInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] TenantId Tenant,
    [property: Id(2)] string Name,
    [property: Id(3)] VideoStatus Status,
    [property: Id(4)] IndexingProgress Progress,
    [property: Id(5)] string? Error,
    [property: Id(6)] double? DurationSeconds,
    [property: Id(7)] long SizeBytes = 0,
    [property: Id(8)] string ContentType = VideoSource.UnknownContentType,
    [property: Id(9)] DateTimeOffset UploadedAt = default);
