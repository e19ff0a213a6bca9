using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace SparseVila.Gateway.Archives;

/// <summary>Entries of a tar (read as it streams) or a zip (from a seekable file: its directory is at its end).</summary>
public static class ArchiveReaders
{
    /// <summary>The entries of the tar in <paramref name="stream"/>, in order; each entry's data is readable until the next.</summary>
    public static async IAsyncEnumerable<ArchiveEntry> ReadTarAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new TarReader(stream, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var kind = entry.EntryType switch
                {
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => ArchiveEntryKind.File,
                    TarEntryType.Directory => ArchiveEntryKind.Directory,
                    TarEntryType.SymbolicLink or TarEntryType.HardLink => ArchiveEntryKind.Link,
                    _ => ArchiveEntryKind.Special,
                };
                yield return new ArchiveEntry(entry.Name, kind, entry.Length, kind == ArchiveEntryKind.File ? entry.DataStream ?? Stream.Null : null);
            }
        }
    }

    /// <summary>The entries of the zip file at <paramref name="path"/>.</summary>
    public static async IAsyncEnumerable<ArchiveEntry> ReadZipAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var archive = ZipFile.OpenRead(path);
        foreach (var entry in archive.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Unix tools keep the mode in the high 16 bits of the external attributes; 0xA000 is a symbolic link.
            var unixType = (entry.ExternalAttributes >> 16) & 0xF000;
            var kind = entry.FullName.EndsWith('/') ? ArchiveEntryKind.Directory
                : unixType == 0xA000 ? ArchiveEntryKind.Link
                : unixType is 0 or 0x8000 ? ArchiveEntryKind.File
                : ArchiveEntryKind.Special;
            if (kind != ArchiveEntryKind.File)
            {
                yield return new ArchiveEntry(entry.FullName, kind, entry.Length, null);
                continue;
            }

            var data = entry.Open();
            await using (data.ConfigureAwait(false))
            {
                yield return new ArchiveEntry(entry.FullName, kind, entry.Length, data);
            }
        }
    }
}
