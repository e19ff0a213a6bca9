namespace SparseVila.Contracts.Videos;

/// <summary>A video as the tenant's catalog lists it.</summary>
/// <param name="VideoId">The video's id.</param>
/// <param name="Name">The name it was uploaded under.</param>
/// <param name="UploadedAt">When its upload completed: the catalog's order.</param>
[GenerateSerializer, Immutable]
public sealed record VideoCatalogEntry([property: Id(0)] string VideoId, [property: Id(1)] string Name, [property: Id(2)] DateTimeOffset UploadedAt);
