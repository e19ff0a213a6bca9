namespace SparseVila.Grains.Storage;

/// <summary>One blob's properties, as listed or looked up.</summary>
/// <param name="Name">The blob's full name.</param>
/// <param name="SizeBytes">The content's length.</param>
/// <param name="ETag">The version stamp conditional writes compare with.</param>
/// <param name="LastModified">When this version was written.</param>
public sealed record BlobItemInfo(string Name, long SizeBytes, string ETag, DateTimeOffset LastModified);
