using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>
/// The largest error each codec may make on each element, computed here from the data alone. fp16: 10⁻³ of the value
/// (one rounding is 2⁻¹¹ ≈ 4.9·10⁻⁴), plus fp16's subnormal spacing. Integer codecs: half a step, (max − min) / maxCode / 2,
/// of the element's group (keys: head, channel and group of tokens; values: head and token), plus what rounding the scale
/// and zero point to fp16 may add (2⁻⁸ of the range and of |min|) and float32 arithmetic.
/// </summary>
internal static class CodecBounds
{
    private const double Fp16Relative = 1e-3;
    private const double Fp16Subnormal = 6e-8;

    /// <summary>The codes' largest value.</summary>
    public static int MaxCode(KvCodec codec) => codec switch
    {
        KvCodec.Int8 => 255,
        KvCodec.Int4 => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not an integer codec."),
    };

    /// <summary>The bound for each element of <paramref name="original"/> (1, Hkv, T, Dh).</summary>
    public static Tensor PerElement(Tensor original, KvCodec codec, KvTensorRole role, int groupTokens = KvCodecOptions.DefaultGroupTokens)
    {
        if (codec == KvCodec.Fp16)
        {
            return original.abs() * Fp16Relative + Fp16Subnormal;
        }

        var (lo, hi) = role == KvTensorRole.Keys ? KeyRanges(original, groupTokens) : (original.amin([3], keepdim: true), original.amax([3], keepdim: true));
        double maxCode = MaxCode(codec);
        var halfStep = (hi - lo) / maxCode / 2;
        var tiny = ((hi - lo) / 256 + lo.abs() / 128) / maxCode / 2 + Math.Pow(2, -22) + (lo.abs() + hi.abs()) * 1e-6;
        return (halfStep + tiny).expand_as(original);
    }

    /// <summary>The half step alone, (max − min) / maxCode / 2, per element.</summary>
    public static Tensor HalfStep(Tensor original, KvCodec codec, KvTensorRole role, int groupTokens = KvCodecOptions.DefaultGroupTokens)
    {
        var (lo, hi) = role == KvTensorRole.Keys ? KeyRanges(original, groupTokens) : (original.amin([3], keepdim: true), original.amax([3], keepdim: true));
        return ((hi - lo) / MaxCode(codec) / 2).expand_as(original);
    }

    /// <summary>Asserts |decoded − original| ≤ bound everywhere, reporting the worst element.</summary>
    public static void AssertWithin(Tensor original, Tensor decoded, Tensor bound, string what)
    {
        var error = (decoded.to(ScalarType.Float32) - original).abs();
        var excess = (error - bound).max().item<float>();
        Assert.True(excess <= 0, $"{what}: an error exceeds its bound by {excess} (largest error {error.max().item<float>()}).");
    }

    /// <summary>Per (head, group, channel) min and max, spread over each group's tokens: (1, Hkv, T, Dh) each.</summary>
    private static (Tensor Lo, Tensor Hi) KeyRanges(Tensor original, int groupTokens)
    {
        var tokens = (int)original.shape[2];
        var los = new List<Tensor>();
        var his = new List<Tensor>();
        for (var start = 0; start < tokens; start += groupTokens)
        {
            var length = Math.Min(groupTokens, tokens - start);
            var group = original.narrow(2, start, length);                                              // (1, Hkv, g, Dh)
            los.Add(group.amin([2], keepdim: true).expand(-1, -1, length, -1));
            his.Add(group.amax([2], keepdim: true).expand(-1, -1, length, -1));
        }

        return (cat(los, 2), cat(his, 2));
    }
}
