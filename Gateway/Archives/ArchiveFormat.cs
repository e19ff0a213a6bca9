namespace SparseVila.Gateway.Archives;

/// <summary>The archive formats the Gateway reads, told apart by their first bytes.</summary>
public enum ArchiveFormat
{
    Unknown,
    Tar,
    GzipTar,
    Zip,
}

/// <summary>Reads the format from an archive's first bytes.</summary>
public static class ArchiveFormats
{
    /// <summary>Bytes needed to tell the formats apart (a tar header's magic sits at 257).</summary>
    public const int SniffBytes = 512;

    public static ArchiveFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] is 3 or 5 && head[3] is 4 or 6)
        {
            return ArchiveFormat.Zip;
        }

        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            return ArchiveFormat.GzipTar;
        }

        // POSIX ustar and GNU tar both put "ustar" at offset 257.
        return head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8) ? ArchiveFormat.Tar : ArchiveFormat.Unknown;
    }
}
