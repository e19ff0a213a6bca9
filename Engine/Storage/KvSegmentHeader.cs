using System.Buffers.Binary;

namespace SparseVila.Engine.Storage;

/// <summary>
/// The 21-byte header that opens a segment, little-endian: magic <c>SVKV</c>, u16 version, u8 codec, u16 layers,
/// u16 KV heads, u16 head dim, u32 tokens, u32 group tokens (see docs/storage-format.md).
/// </summary>
/// <param name="Version">Format version; this code writes and reads <see cref="CurrentVersion"/>.</param>
/// <param name="Codec">How keys and values are stored.</param>
/// <param name="Layers">Decoder layers.</param>
/// <param name="KvHeads">Key/value heads per layer.</param>
/// <param name="HeadDim">Channels of one head.</param>
/// <param name="Tokens">Positions the segment holds.</param>
/// <param name="GroupTokens">Tokens sharing a key scale (see <see cref="KvCodecOptions.GroupTokens"/>).</param>
public readonly record struct KvSegmentHeader(int Version, KvCodec Codec, int Layers, int KvHeads, int HeadDim, int Tokens, int GroupTokens)
{
    /// <summary>The segment format version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Bytes of the header.</summary>
    public const int SizeBytes = 21;

    /// <summary>Bytes of the trailing XxHash64.</summary>
    public const int ChecksumBytes = 8;

    /// <summary>The four bytes every segment begins with.</summary>
    public static ReadOnlySpan<byte> Magic => "SVKV"u8;

    /// <summary>One layer's keys or values shape.</summary>
    public KvTensorShape Shape => new(KvHeads, Tokens, HeadDim);

    /// <summary>The codec and group size.</summary>
    public KvCodecOptions CodecOptions => new(Codec, GroupTokens);

    /// <summary>Bytes of the whole segment this header describes: header, token records, every layer's parts, checksum.</summary>
    public long LengthBytes
    {
        get
        {
            var codec = KvTensorCodecs.Create(CodecOptions);
            var layerBytes = codec.Parts(KvTensorRole.Keys, Shape).Sum(part => part.Bytes) + codec.Parts(KvTensorRole.Values, Shape).Sum(part => part.Bytes);
            return SizeBytes + (long)Tokens * ContextTokenRecord.SizeBytes + Layers * layerBytes + ChecksumBytes;
        }
    }

    /// <summary>The header for a segment of <paramref name="layers"/> layers of <paramref name="shape"/>; throws <see cref="ArgumentOutOfRangeException"/> for sizes its fields cannot hold.</summary>
    public static KvSegmentHeader For(KvCodecOptions options, int layers, KvTensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layers, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shape.KvHeads, ushort.MaxValue, nameof(shape));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shape.HeadDim, ushort.MaxValue, nameof(shape));
        return new KvSegmentHeader(CurrentVersion, options.Codec, layers, shape.KvHeads, shape.HeadDim, shape.Tokens, options.GroupTokens);
    }

    /// <summary>Writes the header's <see cref="SizeBytes"/> bytes to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], checked((ushort)Version));
        destination[6] = (byte)Codec;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[7..], checked((ushort)Layers));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[9..], checked((ushort)KvHeads));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[11..], checked((ushort)HeadDim));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[13..], checked((uint)Tokens));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[17..], checked((uint)GroupTokens));
    }

    /// <summary>
    /// Reads a header from its <see cref="SizeBytes"/> bytes. Throws <see cref="KvCacheCorruptException"/> naming
    /// <paramref name="segmentName"/>: <see cref="KvCacheCorruption.BadMagic"/>, <see cref="KvCacheCorruption.UnsupportedVersion"/>,
    /// or <see cref="KvCacheCorruption.Malformed"/> for an unknown codec or a size of zero or out of range.
    /// </summary>
    public static KvSegmentHeader Parse(ReadOnlySpan<byte> source, string segmentName)
    {
        if (!source[..4].SequenceEqual(Magic))
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.BadMagic,
                $"it begins with 0x{Convert.ToHexString(source[..4])}, not \"SVKV\"; it is not a KV segment.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        if (version != CurrentVersion)
        {
            throw new KvCacheCorruptException(segmentName, KvCacheCorruption.UnsupportedVersion,
                $"segment format version {version}; this reader reads version {CurrentVersion} only.");
        }

        var codec = (KvCodec)source[6];
        var layers = BinaryPrimitives.ReadUInt16LittleEndian(source[7..]);
        var kvHeads = BinaryPrimitives.ReadUInt16LittleEndian(source[9..]);
        var headDim = BinaryPrimitives.ReadUInt16LittleEndian(source[11..]);
        var tokens = BinaryPrimitives.ReadUInt32LittleEndian(source[13..]);
        var groupTokens = BinaryPrimitives.ReadUInt32LittleEndian(source[17..]);
        var problem = !Enum.IsDefined(codec) ? $"unknown codec {source[6]}"
            : layers == 0 || kvHeads == 0 || headDim == 0 || tokens == 0 ? $"a zero size (layers {layers}, KV heads {kvHeads}, head dim {headDim}, tokens {tokens})"
            : tokens > int.MaxValue ? $"{tokens} tokens, more than a segment may hold"
            : groupTokens is 0 or > KvCodecOptions.MaxGroupTokens ? $"group size {groupTokens}, outside 1…{KvCodecOptions.MaxGroupTokens}"
            : null;
        return problem is null
            ? new KvSegmentHeader(version, codec, layers, kvHeads, headDim, (int)tokens, (int)groupTokens)
            : throw new KvCacheCorruptException(segmentName, KvCacheCorruption.Malformed, $"the header gives {problem}.");
    }
}
