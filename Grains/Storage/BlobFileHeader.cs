using System.Buffers.Binary;

namespace SparseVila.Grains.Storage;

/// <summary>
/// The 32 bytes in front of every blob file of <see cref="FileSystemBlobStore"/>: a magic string and the
/// version stamp the ETag is made from. Keeping the stamp in the file, rather than in a sidecar, makes
/// content and ETag change together in the one atomic rename that publishes a write.
/// </summary>
/// <remarks>
/// Layout: bytes 0–7 the ASCII magic <c>SVBLOB01</c>; 8–23 the stamp, a random GUID drawn for each
/// write (so it says nothing about the content and never repeats); 24–31 zero, reserved.
/// </remarks>
internal static class BlobFileHeader
{
    /// <summary>The header's length; the content starts here.</summary>
    public const int SizeBytes = 32;

    private static ReadOnlySpan<byte> Magic => "SVBLOB01"u8;

    /// <summary>A fresh version stamp and the ETag that names it.</summary>
    public static (Guid Stamp, string ETag) NewVersion()
    {
        var stamp = Guid.NewGuid();
        return (stamp, ToETag(stamp));
    }

    /// <summary>The header for a version.</summary>
    public static byte[] Create(Guid stamp)
    {
        var header = new byte[SizeBytes];
        Magic.CopyTo(header);
        stamp.TryWriteBytes(header.AsSpan(8, 16));
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), 0);
        return header;
    }

    /// <summary>Reads the header from the start of <paramref name="file"/> and returns the ETag it names.</summary>
    /// <exception cref="InvalidDataException">The file was not written by this store.</exception>
    public static async Task<string> ReadETagAsync(Stream file, string path, CancellationToken cancellationToken)
    {
        var header = new byte[SizeBytes];
        var read = await file.ReadAtLeastAsync(header, SizeBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Parse(header.AsSpan(0, read), path);
    }

    /// <summary>Reads the header from the start of <paramref name="file"/> and returns the ETag it names.</summary>
    /// <exception cref="InvalidDataException">The file was not written by this store.</exception>
    public static string ReadETag(Stream file, string path)
    {
        Span<byte> header = stackalloc byte[SizeBytes];
        var read = file.ReadAtLeast(header, SizeBytes, throwOnEndOfStream: false);
        return Parse(header[..read], path);
    }

    private static string Parse(ReadOnlySpan<byte> header, string path)
    {
        if (header.Length < SizeBytes || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException(
                $"'{path}' is not a blob written by this store: it does not start with the {SizeBytes}-byte '{System.Text.Encoding.ASCII.GetString(Magic)}' header.");
        }

        return ToETag(new Guid(header.Slice(8, 16)));
    }

    private static string ToETag(Guid stamp) => $"\"{stamp:N}\"";
}
