using SparseVila.Engine.Storage;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>The verifier vouches for exactly the segments the reader accepts, without decoding them.</summary>
public sealed class KvSegmentVerifierTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KvCodec.Fp16)]
    [InlineData(KvCodec.Int4)]
    public async Task AnIntactSegment_GivesTheWritersSummary(KvCodec codec)
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, [4, 6, 3], seed: 11);
        var (bytes, written) = SegmentBytes.Write(context, new KvCodecOptions(codec, GroupTokens: 4));

        var verified = await KvSegmentVerifier.VerifyAsync(new ForwardOnlyStream(bytes), "seg-00000.kv", Cancellation);

        Assert.Equal(written, verified);
        Assert.Equal(bytes.Length, verified.LengthBytes);
    }

    [Fact]
    public async Task AFlippedByteAnywhere_IsAChecksumMismatch()
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, [4, 6, 3], seed: 12);
        var (bytes, _) = SegmentBytes.Write(context, new KvCodecOptions(KvCodec.Int8));

        // A token record, a payload byte, and a byte of the stored checksum itself.
        foreach (var position in new[] { KvSegmentHeader.SizeBytes + 3, bytes.Length / 2, bytes.Length - 2 })
        {
            var error = await Assert.ThrowsAsync<KvCacheCorruptException>(() =>
                KvSegmentVerifier.VerifyAsync(new MemoryStream(SegmentBytes.Flipped(bytes, position)), "seg-00000.kv", Cancellation));
            Assert.Equal(KvCacheCorruption.ChecksumMismatch, error.Reason);
        }
    }

    [Fact]
    public async Task ATruncatedOrLongerSegment_IsRefused_WithTheReaderReasons()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, [5], seed: 13);
        var (bytes, _) = SegmentBytes.Write(context, new KvCodecOptions(KvCodec.Fp16));

        foreach (var length in new[] { 10, KvSegmentHeader.SizeBytes + 1, bytes.Length - 1 })
        {
            var truncated = await Assert.ThrowsAsync<KvCacheCorruptException>(() =>
                KvSegmentVerifier.VerifyAsync(new ForwardOnlyStream(bytes[..length]), "seg-00000.kv", Cancellation));
            Assert.Equal(KvCacheCorruption.Truncated, truncated.Reason);
        }

        var longer = await Assert.ThrowsAsync<KvCacheCorruptException>(() =>
            KvSegmentVerifier.VerifyAsync(new ForwardOnlyStream([.. bytes, 0]), "seg-00000.kv", Cancellation));
        Assert.Equal(KvCacheCorruption.SizeMismatch, longer.Reason);
    }

    [Fact]
    public async Task AWrongMagic_IsBadMagic()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, [5], seed: 14);
        var (bytes, _) = SegmentBytes.Write(context, new KvCodecOptions(KvCodec.Fp16));

        var error = await Assert.ThrowsAsync<KvCacheCorruptException>(() =>
            KvSegmentVerifier.VerifyAsync(new MemoryStream(SegmentBytes.Flipped(bytes, 0)), "seg-00000.kv", Cancellation));

        Assert.Equal(KvCacheCorruption.BadMagic, error.Reason);
    }
}
