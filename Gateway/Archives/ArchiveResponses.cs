namespace SparseVila.Gateway.Archives;

/// <summary>What an archive became: its videos and the entries skipped, with why.</summary>
public sealed record ArchiveImportResponse(string Id, IReadOnlyList<ArchiveVideo> Videos, IReadOnlyList<SkippedEntry> Skipped);

/// <summary>A video made from an archive entry.</summary>
public sealed record ArchiveVideo(string Id, string Name);

/// <summary>An archive entry that did not become a video.</summary>
public sealed record SkippedEntry(string Entry, string Reason);
