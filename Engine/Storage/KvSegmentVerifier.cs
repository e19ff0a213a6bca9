using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace SparseVila.Engine.Storage;

/// <summary>
/// Checks a stored segment without decoding it: its header, that its length is the one the header implies, and its
/// trailing XxHash64. One pass over the bytes and one small buffer, so it suits segments that are already stored and
/// only need to be vouched for (a resumed indexing run finding a segment it wrote before).
/// </summary>
public static class KvSegmentVerifier
{
    private const int BufferBytes = 1 << 16;

    /// <summary>
    /// Reads <paramref name="source"/> to its end and returns the segment's summary. Throws <see cref="KvCacheCorruptException"/>
    /// (<see cref="KvCacheCorruption.Truncated"/>, <see cref="KvCacheCorruption.SizeMismatch"/>, <see cref="KvCacheCorruption.ChecksumMismatch"/>,
    /// or the header's own faults) for a segment <see cref="KvSegmentReader"/> would refuse.
    /// </summary>
    public static async Task<KvSegmentSummary> VerifyAsync(Stream source, string segmentName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(segmentName);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var hash = new XxHash64();
            var headerBytes = await ReadAsync(source, buffer.AsMemory(0, KvSegmentHeader.SizeBytes), cancellationToken).ConfigureAwait(false);
            if (headerBytes < KvSegmentHeader.SizeBytes)
            {
                throw new KvCacheCorruptException(segmentName, KvCacheCorruption.Truncated, $"{headerBytes} bytes, fewer than the {KvSegmentHeader.SizeBytes}-byte header.");
            }

            var header = KvSegmentHeader.Parse(buffer.AsSpan(0, KvSegmentHeader.SizeBytes), segmentName);
            hash.Append(buffer.AsSpan(0, KvSegmentHeader.SizeBytes));
            var hashedBytes = header.LengthBytes - KvSegmentHeader.ChecksumBytes;
            var readBytes = (long)KvSegmentHeader.SizeBytes;
            while (readBytes < hashedBytes)
            {
                var read = await ReadAsync(source, buffer.AsMemory(0, (int)Math.Min(BufferBytes, hashedBytes - readBytes)), cancellationToken).ConfigureAwait(false);
                hash.Append(buffer.AsSpan(0, read));
                readBytes += read;
                if (read == 0)
                {
                    throw Short(segmentName, header, readBytes);
                }
            }

            var checksumBytes = await ReadAsync(source, buffer.AsMemory(0, KvSegmentHeader.ChecksumBytes), cancellationToken).ConfigureAwait(false);
            if (checksumBytes < KvSegmentHeader.ChecksumBytes)
            {
                throw Short(segmentName, header, readBytes + checksumBytes);
            }

            var stored = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
            if (await ReadAsync(source, buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) > 0)
            {
                throw new KvCacheCorruptException(segmentName, KvCacheCorruption.SizeMismatch,
                    $"the header describes {header.LengthBytes} bytes, but the segment holds more.");
            }

            KvSegmentReader.CheckChecksum(hash.GetCurrentHashAsUInt64(), stored, expected: null, segmentName);

            return new KvSegmentSummary(header.LengthBytes, stored, header);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static KvCacheCorruptException Short(string segmentName, KvSegmentHeader header, long readBytes) =>
        new(segmentName, KvCacheCorruption.Truncated, $"the header describes {header.LengthBytes} bytes, but the segment ends after {readBytes}.");

    /// <summary>Fills <paramref name="destination"/> unless the stream ends first; returns the bytes read.</summary>
    private static async Task<int> ReadAsync(Stream source, Memory<byte> destination, CancellationToken cancellationToken) =>
        await source.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
