namespace SparseVila.Gateway.Archives;

/// <summary>One entry of an archive as it is read: its path, what it is, and (for a file) its bytes, readable until the next entry.</summary>
public sealed record ArchiveEntry(string Path, ArchiveEntryKind Kind, long LengthBytes, Stream? Data);

/// <summary>What an archive entry is.</summary>
public enum ArchiveEntryKind
{
    File,
    Directory,

    /// <summary>A symbolic or hard link: never followed.</summary>
    Link,

    /// <summary>A device, a pipe, or anything else that is not a file.</summary>
    Special,
}
