using System.IO.Hashing;
using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>Reads a segment front to back, feeding every byte but the trailing checksum to an XxHash64; an early end is <see cref="KvCacheCorruption.Truncated"/>.</summary>
internal sealed class SegmentReadCursor(Stream source, string segmentName)
{
    /// <summary>64 MiB: a span holds at most 2 GiB, and a smaller chunk costs nothing visible.</summary>
    private const long ChunkBytes = 1L << 26;

    private readonly XxHash64 _hash = new();

    /// <summary>Bytes read so far.</summary>
    public long ReadBytes { get; private set; }

    /// <summary>XxHash64 (seed 0) of the bytes read so far, the trailing checksum excluded.</summary>
    public ulong Checksum => _hash.GetCurrentHashAsUInt64();

    /// <summary>Fills <paramref name="destination"/> and hashes it.</summary>
    public void Read(Span<byte> destination)
    {
        ReadUnhashed(destination);
        _hash.Append(destination);
    }

    /// <summary>Fills the storage of <paramref name="destination"/>, a contiguous CPU tensor, and hashes it.</summary>
    public void ReadInto(Tensor destination)
    {
        using var flat = destination.reshape(-1);                                                       // (numel,), a view: destination is contiguous
        var chunkElements = ChunkBytes / destination.ElementSize;
        for (long start = 0; start < flat.shape[0]; start += chunkElements)
        {
            using var chunk = flat.narrow(0, start, Math.Min(chunkElements, flat.shape[0] - start));
            Read(chunk.bytes);
        }
    }

    /// <summary>Reads the trailing little-endian XxHash64, which is not hashed itself.</summary>
    public ulong ReadChecksum()
    {
        Span<byte> stored = stackalloc byte[KvSegmentHeader.ChecksumBytes];
        ReadUnhashed(stored);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(stored);
    }

    private void ReadUnhashed(Span<byte> destination)
    {
        try
        {
            source.ReadExactly(destination);
        }
        catch (EndOfStreamException error)
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.Truncated,
                $"the stream ended within {destination.Length} bytes needed after byte {ReadBytes}.", error);
        }

        ReadBytes += destination.Length;
    }
}
