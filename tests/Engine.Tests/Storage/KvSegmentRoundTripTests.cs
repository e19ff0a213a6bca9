using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>A segment reads back with its tokens exact and its keys and values within the codec's bounds.</summary>
public sealed class KvSegmentRoundTripTests
{
    [Theory]
    [InlineData(KvCodec.Fp16)]
    [InlineData(KvCodec.Int8)]
    [InlineData(KvCodec.Int4)]
    public void EachCodec_ReadsBackTokensExactly_AndKeysAndValuesWithinBounds(KvCodec codec)
    {
        using var context = KvTestData.Context(layers: 3, kvHeads: 2, headDim: 16, visualPerFrame: [9, 4, 12], seed: 21);
        var options = new KvCodecOptions(codec);

        var (bytes, summary) = SegmentBytes.Write(context, options);
        using var segment = SegmentBytes.Read(bytes);

        Assert.Equal(bytes.LongLength, summary.LengthBytes);
        Assert.Equal(summary.LengthBytes, segment.Header.LengthBytes);
        Assert.Equal(new KvSegmentHeader(1, codec, 3, 2, 16, context.LengthTokens, 32), segment.Header);
        Assert.Equal(summary.Checksum, segment.Checksum);
        Assert.Equal(context.Tokens, segment.Tokens);
        for (var layer = 0; layer < context.Layers; layer++)
        {
            using var scope = NewDisposeScope();
            Assert.Equal(ScalarType.Float32, segment.Keys(layer).dtype);
            CodecBounds.AssertWithin(context.Keys(layer), segment.Keys(layer), CodecBounds.PerElement(context.Keys(layer), codec, KvTensorRole.Keys), $"layer {layer} keys");
            CodecBounds.AssertWithin(context.Values(layer), segment.Values(layer), CodecBounds.PerElement(context.Values(layer), codec, KvTensorRole.Values), $"layer {layer} values");
        }
    }

    [Fact]
    public void TensorsAndTokens_WriteAsTheContextOverloadDoes_AndDecodeToTheTypeAskedFor()
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, visualPerFrame: [3, 3], seed: 5);
        var options = new KvCodecOptions(KvCodec.Int8, GroupTokens: 4);
        var (fromContext, _) = SegmentBytes.Write(context, options);
        using var stream = new MemoryStream();

        KvSegmentWriter.Write(stream, [context.Keys(0), context.Keys(1)], [context.Values(0), context.Values(1)], context.Tokens, options);
        using var segment = SegmentBytes.Read(stream.ToArray(), new KvSegmentReadOptions { DType = ScalarType.BFloat16 });

        Assert.Equal(fromContext, stream.ToArray());
        Assert.Equal(ScalarType.BFloat16, segment.Values(1).dtype);
        Assert.Equal(context.Values(1).shape, segment.Values(1).shape);
    }

    [Fact]
    public void AStreamThatCannotSeek_ReadsWithTheManifestsLength_AndOnlyWithIt()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, visualPerFrame: [4], seed: 8);
        var (bytes, summary) = SegmentBytes.Write(context, new KvCodecOptions(KvCodec.Int4));

        using (var stream = new ForwardOnlyStream(bytes))
        using (var segment = KvSegmentReader.Read(stream, "seg-00000.kv", new KvSegmentReadOptions { ExpectedLengthBytes = summary.LengthBytes, ExpectedChecksum = summary.Checksum }))
        {
            Assert.Equal(context.Tokens, segment.Tokens);
        }

        using var unbounded = new ForwardOnlyStream(bytes);
        Assert.Throws<ArgumentException>(() => KvSegmentReader.Read(unbounded, "seg-00000.kv"));
    }

    [Fact]
    public void AnIntegerTypeAskedFor_IsRefused()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, visualPerFrame: [4], seed: 8);
        var (bytes, _) = SegmentBytes.Write(context, new KvCodecOptions(KvCodec.Int8));

        Assert.Throws<ArgumentException>(() => SegmentBytes.Read(bytes, new KvSegmentReadOptions { DType = ScalarType.Int32 }));
    }

    [Fact]
    public void AnIntactSegmentOtherThanTheManifestLists_IsAManifestMismatch()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, visualPerFrame: [4], seed: 8);
        var (bytes, summary) = SegmentBytes.Write(context, new KvCodecOptions(KvCodec.Fp16));

        var error = SegmentBytes.Corrupt(bytes, new KvSegmentReadOptions { ExpectedLengthBytes = summary.LengthBytes, ExpectedChecksum = summary.Checksum ^ 1 });

        Assert.Equal(KvCacheCorruption.ManifestMismatch, error.Reason);
    }

    [Fact]
    public void KeysAndValuesOfDifferentShapes_AreRefused()
    {
        using var scope = NewDisposeScope();
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, visualPerFrame: [4], seed: 8);
        var tokens = context.Tokens;
        var keys = KvTestData.Random(1, tokens.Count, 8, seed: 1);
        var values = KvTestData.Random(1, tokens.Count, 4, seed: 2);
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => KvSegmentWriter.Write(stream, [keys], [values], tokens, new KvCodecOptions(KvCodec.Fp16)));
        Assert.Throws<ArgumentException>(() => KvSegmentWriter.Write(stream, [keys], [keys], tokens.Take(3).ToList(), new KvCodecOptions(KvCodec.Fp16)));
    }
}
