namespace SparseVila.Contracts.Videos;

/// <summary>One page of a tenant's videos, newest first.</summary>
/// <param name="Entries">The videos of this page.</param>
/// <param name="Next">The cursor of the next page, or null when this is the last.</param>
[GenerateSerializer, Immutable]
public sealed record VideoCatalogPage([property: Id(0)] IReadOnlyList<VideoCatalogEntry> Entries, [property: Id(1)] string? Next);
