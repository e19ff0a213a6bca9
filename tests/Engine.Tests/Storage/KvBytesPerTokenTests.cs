using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>What each codec costs per token, measured on written segments of a realistic shape.</summary>
public sealed class KvBytesPerTokenTests
{
    private const int KvHeads = 4;
    private const int HeadDim = 64;
    private const int Tokens = 512;

    /// <summary>Bytes one layer's keys and values of one token take in a segment, measured from two segments differing by one layer.</summary>
    private static double LayerBytesPerToken(KvCodec codec) => (SegmentLength(codec, 2) - SegmentLength(codec, 1)) / (double)Tokens;

    private static long SegmentLength(KvCodec codec, int layers)
    {
        using var context = KvTestData.Context(layers, KvHeads, HeadDim, [Tokens - 5 - 4], seed: 17);   // 5 lead + 3 marker + 1 separator positions
        using var stream = new MemoryStream();
        KvSegmentWriter.Write(stream, context, new KvSegmentRange(0, context.LengthTokens, 0, 0), new KvCodecOptions(codec));
        Assert.Equal(Tokens, context.LengthTokens);
        return stream.Length;
    }

    [Fact]
    public void Int4_TakesAtMost0Point3OfFp16_AndInt8AboutHalf()
    {
        var fp16 = LayerBytesPerToken(KvCodec.Fp16);
        var int8 = LayerBytesPerToken(KvCodec.Int8);
        var int4 = LayerBytesPerToken(KvCodec.Int4);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Hkv={KvHeads}, Dh={HeadDim}, group 32, per layer per token: fp16 {fp16} B, int8 {int8} B ({int8 / fp16:F4}×), int4 {int4} B ({int4 / fp16:F4}×)");

        Assert.Equal(2 * 2 * KvHeads * HeadDim, fp16);                                                    // K and V, 2 bytes an element
        Assert.Equal(2 * KvHeads * HeadDim + 2 * 2 * KvHeads * HeadDim / 32.0 + 2 * 2 * KvHeads, int8);   // codes; fp16 key scale and zero per channel per 32 tokens; value scale and zero per head
        Assert.True(int4 / fp16 <= 0.3, $"int4 takes {int4 / fp16} of fp16.");
        Assert.True(int8 / fp16 <= 0.55, $"int8 takes {int8 / fp16} of fp16.");
    }

    [Fact]
    public void AWholeSegmentOf24Layers_Int4TakesAtMost0Point3OfFp16()
    {
        var fp16 = SegmentLength(KvCodec.Fp16, 24);
        var int4 = SegmentLength(KvCodec.Int4, 24);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"24 layers, {Tokens} tokens: fp16 {fp16} B ({fp16 / (double)Tokens:F1} B/token), int4 {int4} B ({int4 / (double)Tokens:F1} B/token), {int4 / (double)fp16:F4}×");

        Assert.True(int4 <= 0.3 * fp16, $"int4 takes {int4 / (double)fp16} of fp16, token records and header included.");
    }
}
