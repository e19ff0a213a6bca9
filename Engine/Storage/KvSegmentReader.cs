using SparseVila.Engine.Checkpoints;
using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>
/// Reads a segment that <see cref="KvSegmentWriter"/> wrote. Every byte is checked before anything is decoded: the
/// header, the length it implies, and the trailing XxHash64. Any fault is a <see cref="KvCacheCorruptException"/>.
/// </summary>
public static class KvSegmentReader
{
    /// <summary>Token records read at a time.</summary>
    private const int TokenRecordsPerRead = 4096;

    /// <summary>
    /// Reads the segment <paramref name="segmentName"/> from <paramref name="source"/>'s position on. Throws
    /// <see cref="KvCacheCorruptException"/> for a wrong magic, an unknown version, a malformed header, a stream shorter
    /// or longer than the header (or <see cref="KvSegmentReadOptions.ExpectedLengthBytes"/>) says, a checksum that does
    /// not match, or one other than <see cref="KvSegmentReadOptions.ExpectedChecksum"/>. Throws <see cref="ArgumentException"/>
    /// for a stream that cannot seek read without an expected length.
    /// </summary>
    public static KvSegment Read(Stream source, string segmentName, KvSegmentReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(segmentName);
        options ??= new KvSegmentReadOptions();
        if (!SafetensorsDataTypes.IsFloating(options.DType))
        {
            throw new ArgumentException($"Keys and values decode to a floating type, not {options.DType}.", nameof(options));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Segments are little-endian and tensors are read as they lie in memory; this machine is big-endian.");
        }

        var availableBytes = AvailableBytes(source, segmentName, options);
        if (availableBytes < KvSegmentHeader.SizeBytes)
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.Truncated, $"{availableBytes} bytes, fewer than the {KvSegmentHeader.SizeBytes}-byte header.");
        }

        var cursor = new SegmentReadCursor(source, segmentName);
        Span<byte> headerBytes = stackalloc byte[KvSegmentHeader.SizeBytes];
        cursor.Read(headerBytes);
        var header = KvSegmentHeader.Parse(headerBytes, segmentName);
        CheckLength(header, availableBytes, options.ExpectedLengthBytes, segmentName);

        using var scope = NewDisposeScope();
        var tokens = ReadTokens(cursor, header.Tokens);
        var codec = KvTensorCodecs.Create(header.CodecOptions);
        var stored = Enumerable.Range(0, header.Layers)
            .Select(_ => (Keys: ReadParts(cursor, codec.Parts(KvTensorRole.Keys, header.Shape)), Values: ReadParts(cursor, codec.Parts(KvTensorRole.Values, header.Shape))))
            .ToList();
        var computed = cursor.Checksum;
        var checksum = cursor.ReadChecksum();
        CheckChecksum(computed, checksum, options.ExpectedChecksum, segmentName);
        var unknown = tokens.FindIndex(token => !ContextTokenRecord.IsKnown(token));
        if (unknown >= 0)
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.Malformed, $"position {unknown} has token kind {(int)tokens[unknown].Kind}, which is neither text nor visual.");
        }

        // Only now, every byte verified, is anything decoded.
        var device = options.Device ?? CPU;
        var keys = stored.Select(layer => Decode(codec, layer.Keys, KvTensorRole.Keys, header.Shape, options.DType, device)).ToArray();       // (1, Hkv, T, Dh) each
        var values = stored.Select(layer => Decode(codec, layer.Values, KvTensorRole.Values, header.Shape, options.DType, device)).ToArray(); // (1, Hkv, T, Dh) each

        // Every layer decoded: the segment owns them now, not this read's scope (which frees them if a decode fails).
        foreach (var tensor in keys.Concat(values))
        {
            tensor.DetachFromDisposeScope();
        }

        return new KvSegment(header, tokens, keys, values, checksum);
    }

    /// <summary>Bytes from the stream's position to its end: its length when it can seek, else the expected length.</summary>
    private static long AvailableBytes(Stream source, string segmentName, KvSegmentReadOptions options)
    {
        if (!source.CanSeek)
        {
            return options.ExpectedLengthBytes ?? throw new ArgumentException(
                "A segment is read from a stream that can seek, or with its expected length, so a corrupt header cannot ask for unbounded memory.", nameof(options));
        }

        var availableBytes = source.Length - source.Position;
        return options.ExpectedLengthBytes switch
        {
            { } expected when availableBytes < expected => throw new KvCacheCorruptException(segmentName, KvCacheCorruption.Truncated,
                $"{availableBytes} bytes where the manifest lists {expected}."),
            { } expected when availableBytes > expected => throw new KvCacheCorruptException(segmentName, KvCacheCorruption.SizeMismatch,
                $"{availableBytes} bytes where the manifest lists {expected}."),
            _ => availableBytes,
        };
    }

    /// <summary>The header's implied length must be the length there is; more is truncation unless the length is the one expected.</summary>
    private static void CheckLength(KvSegmentHeader header, long availableBytes, long? expectedLengthBytes, string segmentName)
    {
        var declaredBytes = header.LengthBytes;
        if (declaredBytes == availableBytes)
        {
            return;
        }

        var truncated = declaredBytes > availableBytes && expectedLengthBytes is null;
        throw new KvCacheCorruptException(segmentName, truncated ? KvCacheCorruption.Truncated : KvCacheCorruption.SizeMismatch,
            $"the header ({header.Layers} layers, {header.KvHeads} KV heads, head dim {header.HeadDim}, {header.Tokens} tokens, {header.Codec}, "
            + $"group {header.GroupTokens}) describes {declaredBytes} bytes, but the segment holds {availableBytes}.");
    }

    /// <summary>Throws <see cref="KvCacheCorruptException"/> when the bytes do not hash to the stored checksum, or it is not the one <paramref name="expected"/>.</summary>
    internal static void CheckChecksum(ulong computed, ulong stored, ulong? expected, string segmentName)
    {
        if (computed != stored)
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.ChecksumMismatch,
                $"the bytes hash to XxHash64 {KvChecksum.Format(computed)} but the segment records {KvChecksum.Format(stored)}; a byte has changed.");
        }

        if (expected is { } listed && listed != stored)
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.ManifestMismatch,
                $"the segment is intact but its XxHash64 is {KvChecksum.Format(stored)}, not the {KvChecksum.Format(listed)} the manifest lists.");
        }
    }

    private static List<ContextToken> ReadTokens(SegmentReadCursor cursor, int count)
    {
        var tokens = new List<ContextToken>(count);
        var buffer = new byte[Math.Min(count, TokenRecordsPerRead) * ContextTokenRecord.SizeBytes];
        while (tokens.Count < count)
        {
            var records = Math.Min(TokenRecordsPerRead, count - tokens.Count);
            var bytes = buffer.AsSpan(0, records * ContextTokenRecord.SizeBytes);
            cursor.Read(bytes);
            for (var i = 0; i < records; i++)
            {
                tokens.Add(ContextTokenRecord.Read(bytes[(i * ContextTokenRecord.SizeBytes)..]));
            }
        }

        return tokens;
    }

    private static Tensor[] ReadParts(SegmentReadCursor cursor, IReadOnlyList<KvPart> parts)
    {
        var tensors = new Tensor[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            tensors[i] = empty(parts[i].Shape, parts[i].Type, CPU);
            cursor.ReadInto(tensors[i]);
        }

        return tensors;
    }

    /// <summary>Decodes on <paramref name="device"/>, then frees the stored parts; the result joins the caller's (the read's) dispose scope.</summary>
    private static Tensor Decode(IKvTensorCodec codec, Tensor[] parts, KvTensorRole role, KvTensorShape shape, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var decoded = codec.Decode([.. parts.Select(part => part.to(device))], role, shape).to(dtype);   // (1, Hkv, T, Dh)
        foreach (var part in parts)
        {
            part.Dispose();
        }

        return decoded.MoveToOuterDisposeScope();
    }
}
