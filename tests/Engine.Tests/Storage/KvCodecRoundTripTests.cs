using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>Each codec reads back within its error bound, computed from the data (see <see cref="CodecBounds"/>).</summary>
public sealed class KvCodecRoundTripTests
{
    private static Tensor RoundTrip(Tensor original, KvCodec codec, KvTensorRole role, int groupTokens = KvCodecOptions.DefaultGroupTokens)
    {
        var implementation = KvTensorCodecs.Create(new KvCodecOptions(codec, groupTokens));
        var shape = KvTensorShape.Of(original, nameof(original));
        var parts = implementation.Encode(original, role);
        var expected = implementation.Parts(role, shape);
        Assert.Equal(expected.Count, parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.Equal(expected[i].Type, parts[i].dtype);
            Assert.Equal(expected[i].Shape, parts[i].shape);
            Assert.Equal(TorchSharp.DeviceType.CPU, parts[i].device_type);
        }

        return implementation.Decode(parts, role, shape);
    }

    [Theory]
    [InlineData(KvTensorRole.Keys)]
    [InlineData(KvTensorRole.Values)]
    public void Fp16_ReadsBackWithin1e3Relative(KvTensorRole role)
    {
        using var scope = NewDisposeScope();
        var original = KvTestData.Random(4, 100, 64, seed: 1);

        var decoded = RoundTrip(original, KvCodec.Fp16, role);

        CodecBounds.AssertWithin(original, decoded, CodecBounds.PerElement(original, KvCodec.Fp16, role), $"fp16 {role}");
    }

    [Theory]
    [InlineData(KvCodec.Int8, KvTensorRole.Keys, 96)]
    [InlineData(KvCodec.Int8, KvTensorRole.Keys, 45)]
    [InlineData(KvCodec.Int8, KvTensorRole.Keys, 5)]
    [InlineData(KvCodec.Int8, KvTensorRole.Values, 45)]
    [InlineData(KvCodec.Int4, KvTensorRole.Keys, 96)]
    [InlineData(KvCodec.Int4, KvTensorRole.Keys, 45)]
    [InlineData(KvCodec.Int4, KvTensorRole.Keys, 5)]
    [InlineData(KvCodec.Int4, KvTensorRole.Values, 45)]
    public void IntegerCodecs_ReadBackWithinHalfAStepOfEachGroup(KvCodec codec, KvTensorRole role, int tokens)
    {
        using var scope = NewDisposeScope();
        var original = KvTestData.Random(4, tokens, 64, seed: (ulong)tokens);

        var decoded = RoundTrip(original, codec, role);

        CodecBounds.AssertWithin(original, decoded, CodecBounds.PerElement(original, codec, role), $"{codec} {role}, {tokens} tokens");
    }

    [Theory]
    [InlineData(KvCodec.Int8)]
    [InlineData(KvCodec.Int4)]
    public void KeysWithAnOutlierChannel_KeepTheOtherChannelsPrecise(KvCodec codec)
    {
        using var scope = NewDisposeScope();
        const int outlier = 7;
        var original = KvTestData.Random(2, 64, 32, seed: 11);
        original[.., .., .., outlier] = original[.., .., .., outlier] * 100 + 40;                        // one channel 100× wider, far from 0

        var decoded = RoundTrip(original, codec, KvTensorRole.Keys);

        CodecBounds.AssertWithin(original, decoded, CodecBounds.PerElement(original, codec, KvTensorRole.Keys), $"{codec} keys with an outlier channel");
        var error = (decoded - original).abs();
        var ordinaryError = cat([error[.., .., .., ..outlier], error[.., .., .., (outlier + 1)..]], 3).max().item<float>();
        var outlierHalfStep = CodecBounds.HalfStep(original, codec, KvTensorRole.Keys)[.., .., .., outlier].min().item<float>();
        Assert.True(ordinaryError < outlierHalfStep / 20,
            $"Ordinary channels err up to {ordinaryError}; a scale shared with the outlier channel would allow {outlierHalfStep}.");
    }

    [Theory]
    [InlineData(KvCodec.Int8, KvTensorRole.Keys)]
    [InlineData(KvCodec.Int4, KvTensorRole.Values)]
    public void AConstantTensor_ReadsBackExactly(KvCodec codec, KvTensorRole role)
    {
        using var scope = NewDisposeScope();
        var original = full(new long[] { 1, 2, 40, 8 }, 1.5f);

        var decoded = RoundTrip(original, codec, role);

        Assert.True(decoded.equal(original).all().item<bool>());
    }

    [Theory]
    [InlineData(45, 32, 2)]
    [InlineData(64, 32, 2)]
    [InlineData(5, 32, 1)]
    [InlineData(45, 7, 7)]
    public void KeyScales_HaveOneGroupPer32Tokens_TheLastShort(int tokens, int groupTokens, int groups)
    {
        var codec = KvTensorCodecs.Create(new KvCodecOptions(KvCodec.Int4, groupTokens));

        var parts = codec.Parts(KvTensorRole.Keys, new KvTensorShape(4, tokens, 64));

        Assert.Equal(new long[] { 1, 4, groups, 64 }, parts[1].Shape);
        Assert.Equal(new long[] { 1, 4, tokens, 1 }, codec.Parts(KvTensorRole.Values, new KvTensorShape(4, tokens, 64))[1].Shape);
        Assert.Equal((4L * tokens * 64 + 1) / 2, parts[0].Bytes);
    }

    [Fact]
    public void Int4_OddElementCount_PacksAndUnpacksEveryCode()
    {
        using var scope = NewDisposeScope();
        var original = KvTestData.Random(1, 3, 5, seed: 5);                                              // 15 elements: the last byte holds one code

        var decoded = RoundTrip(original, KvCodec.Int4, KvTensorRole.Values, groupTokens: 2);

        CodecBounds.AssertWithin(original, decoded, CodecBounds.PerElement(original, KvCodec.Int4, KvTensorRole.Values, 2), "int4, odd count");
    }

    [Theory]
    [InlineData(KvCodec.Fp16, float.NaN)]
    [InlineData(KvCodec.Int8, float.PositiveInfinity)]
    [InlineData(KvCodec.Int4, 70000f)]
    public void ValuesOutsideFp16Range_AreRefused(KvCodec codec, float bad)
    {
        using var scope = NewDisposeScope();
        var original = KvTestData.Random(1, 4, 8, seed: 3);
        original[0, 0, 2, 3] = bad;

        Assert.Throws<ArgumentException>(() => KvTensorCodecs.Create(new KvCodecOptions(codec)).Encode(original, KvTensorRole.Keys));
    }

    [Fact]
    public void AGroupSizeOfZero_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KvTensorCodecs.Create(new KvCodecOptions(KvCodec.Int8, 0)));
}
