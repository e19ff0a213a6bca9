using System.Buffers.Binary;
using System.IO.Hashing;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>A changed, cut or foreign segment is reported as a typed error naming it, never decoded.</summary>
public sealed class KvSegmentCorruptionTests : IDisposable
{
    /// <summary>Header fields (offset: field): 0 magic, 4 version, 6 codec, 7 layers, 9 KV heads, 11 head dim, 13 tokens, 17 group tokens.</summary>
    private const int HeaderBytes = 21;

    private readonly VisualContext _context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, visualPerFrame: [6, 5], seed: 3);

    public void Dispose() => _context.Dispose();

    private byte[] Segment(KvCodec codec = KvCodec.Int4) => SegmentBytes.Write(_context, new KvCodecOptions(codec)).Bytes;

    public static TheoryData<KvCodec> Codecs => [KvCodec.Fp16, KvCodec.Int8, KvCodec.Int4];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void AFlippedByteAfterTheHeader_IsAChecksumMismatch(KvCodec codec)
    {
        var bytes = Segment(codec);
        var metadataBytes = _context.LengthTokens * 17;
        int[] positions =
        [
            HeaderBytes, HeaderBytes + 5, HeaderBytes + metadataBytes / 2, HeaderBytes + metadataBytes - 1,   // token records
            HeaderBytes + metadataBytes, (HeaderBytes + metadataBytes + bytes.Length) / 2, bytes.Length - 9,  // payload: first layer's keys … last layer's value zero points
            bytes.Length - 8, bytes.Length - 1,                                                               // the checksum itself
        ];

        foreach (var position in positions)
        {
            var error = SegmentBytes.Corrupt(SegmentBytes.Flipped(bytes, position));
            Assert.True(error.Reason == KvCacheCorruption.ChecksumMismatch, $"byte {position} of {bytes.Length}: {error.Reason}");
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void AFlippedHeaderByte_IsAHeaderErrorOrAChecksumMismatch(KvCodec codec)
    {
        var bytes = Segment(codec);
        var withManifest = new KvSegmentReadOptions { ExpectedLengthBytes = bytes.Length };

        for (var position = 0; position < HeaderBytes; position++)
        {
            var flipped = SegmentBytes.Flipped(bytes, position);
            var error = SegmentBytes.Corrupt(flipped);
            var expected = position switch
            {
                < 4 => [KvCacheCorruption.BadMagic],
                < 6 => [KvCacheCorruption.UnsupportedVersion],
                _ => new[] { KvCacheCorruption.Malformed, KvCacheCorruption.Truncated, KvCacheCorruption.SizeMismatch, KvCacheCorruption.ChecksumMismatch },
            };
            Assert.True(expected.Contains(error.Reason), $"header byte {position}: {error.Reason}");

            // Knowing the length from the manifest, a header that disagrees with it is not taken for truncation.
            Assert.NotEqual(KvCacheCorruption.Truncated, SegmentBytes.Corrupt(flipped, withManifest).Reason);
        }
    }

    [Fact]
    public void ATruncatedSegment_IsReportedAsTruncated_WhereverItIsCut()
    {
        var bytes = Segment();

        foreach (var length in new[] { 0, 3, 10, HeaderBytes, HeaderBytes + 40, bytes.Length / 2, bytes.Length - 8, bytes.Length - 1 })
        {
            var error = SegmentBytes.Corrupt(bytes[..length]);
            Assert.True(error.Reason == KvCacheCorruption.Truncated, $"cut at {length} of {bytes.Length}: {error.Reason}");
        }
    }

    [Fact]
    public void ATruncatedStreamThatCannotSeek_IsReportedAsTruncated()
    {
        var bytes = Segment();
        using var stream = new ForwardOnlyStream(bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<KvCacheCorruptException>(() =>
            KvSegmentReader.Read(stream, "seg-00000.kv", new KvSegmentReadOptions { ExpectedLengthBytes = bytes.Length }));

        Assert.Equal(KvCacheCorruption.Truncated, error.Reason);
    }

    [Fact]
    public void LengthsOtherThanTheManifests_AreTruncationOrAMismatch()
    {
        var bytes = Segment();

        Assert.Equal(KvCacheCorruption.Truncated, SegmentBytes.Corrupt(bytes[..^1], new KvSegmentReadOptions { ExpectedLengthBytes = bytes.Length }).Reason);
        Assert.Equal(KvCacheCorruption.SizeMismatch, SegmentBytes.Corrupt([.. bytes, 0], new KvSegmentReadOptions { ExpectedLengthBytes = bytes.Length }).Reason);
        Assert.Equal(KvCacheCorruption.SizeMismatch, SegmentBytes.Corrupt([.. bytes, 0]).Reason);
    }

    [Fact]
    public void AFileThatIsNotASegment_HasTheWrongMagic()
    {
        var bytes = Segment();
        "GGUF"u8.CopyTo(bytes);

        var error = SegmentBytes.Corrupt(bytes);

        Assert.Equal(KvCacheCorruption.BadMagic, error.Reason);
    }

    [Fact]
    public void Version2_IsRefused_NamingBothVersions()
    {
        var bytes = Segment();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);

        var error = SegmentBytes.Corrupt(bytes);

        Assert.Equal(KvCacheCorruption.UnsupportedVersion, error.Reason);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTokenKind_WithAMatchingChecksum_IsMalformed()
    {
        var bytes = Segment();
        bytes[HeaderBytes + 17 * 3] = 9;                                                                 // position 3's kind
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), XxHash64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));

        var error = SegmentBytes.Corrupt(bytes);

        Assert.Equal(KvCacheCorruption.Malformed, error.Reason);
    }

    [Fact]
    public void TheChecksum_IsXxHash64OfEveryByteBeforeIt()
    {
        var bytes = Segment();

        Assert.Equal(XxHash64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)));
    }
}
