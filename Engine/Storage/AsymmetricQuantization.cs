using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Storage;

/// <summary>
/// KIVI-style asymmetric min/max quantization with fp16 scales and zero points. A group with minimum lo and
/// maximum hi gets zero point z ≤ lo and scale s ≥ (hi − z) / maxCode, both fp16; a value x is stored as
/// round((x − z) / s) in 0…maxCode and read back as code × s + z, so the error is at most s / 2. Keys are grouped
/// per (head, channel) over <c>groupTokens</c> consecutive tokens (the last group may be shorter), values per
/// (head, token) over the token's channels.
/// </summary>
internal static class AsymmetricQuantization
{
    /// <summary>
    /// Rounding to the nearest fp16 can land a zero point above lo (a code below 0) or a scale below (hi − z) / maxCode
    /// (a code above maxCode). Stepping 2⁻⁹ of the value (four fp16 half-ulps) plus fp16's smallest subnormal 2⁻²⁴
    /// outward before rounding always lands on the safe side.
    /// </summary>
    private const double OutwardRelative = 1.0 / 512;

    private const double SmallestSubnormal = 5.9604644775390625e-8;                                    // 2⁻²⁴

    /// <summary>The (scale, zero point) parts' shape: keys (1, Hkv, groups, Dh), values (1, Hkv, T, 1).</summary>
    public static long[] ParameterShape(KvTensorRole role, KvTensorShape shape, int groupTokens) => role switch
    {
        KvTensorRole.Keys => [1, shape.KvHeads, Groups(shape.Tokens, groupTokens), shape.HeadDim],
        KvTensorRole.Values => [1, shape.KvHeads, shape.Tokens, 1],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown tensor role."),
    };

    /// <summary>Groups of <paramref name="groupTokens"/> covering <paramref name="tokens"/>, the last possibly short.</summary>
    public static int Groups(int tokens, int groupTokens) => (tokens + groupTokens - 1) / groupTokens;

    /// <summary>
    /// Quantizes <paramref name="tensor"/> (1, Hkv, T, Dh) to codes 0…<paramref name="maxCode"/>: (codes uint8 (1, Hkv, T, Dh),
    /// scales fp16, zero points fp16), the parameters shaped as <see cref="ParameterShape"/> says.
    /// </summary>
    public static (Tensor Codes, Tensor Scales, Tensor ZeroPoints) Quantize(Tensor tensor, KvTensorRole role, int groupTokens, int maxCode)
    {
        var shape = KvTensorShape.Of(tensor, nameof(tensor));
        Fp16Limits.Check(tensor, nameof(tensor));
        using var scope = NewDisposeScope();
        var x = tensor.to(ScalarType.Float32);                                                          // (1, Hkv, T, Dh)
        var (lo, hi) = role == KvTensorRole.Keys ? KeyGroupRange(x, shape, groupTokens) : ValueTokenRange(x);
        var (scales, zeroPoints) = ScaleAndZeroPoint(lo, hi, maxCode);                                  // fp16, keys (1, Hkv, G, Dh), values (1, Hkv, T, 1)
        var (s, z) = PerElement(scales, zeroPoints, role, shape, groupTokens);                          // float32, broadcastable to (1, Hkv, T, Dh)
        var safeScale = where(s.EqScalar(0), ones_like(s), s);                                                // a constant group: every code 0, read back as z = lo
        var codes = ((x - z) / safeScale).round().ClampScalar(0, maxCode).to(ScalarType.Byte);               // (1, Hkv, T, Dh)
        return (codes.MoveToOuterDisposeScope(), scales.MoveToOuterDisposeScope(), zeroPoints.MoveToOuterDisposeScope());
    }

    /// <summary>Reads codes (1, Hkv, T, Dh) back as float32 code × scale + zero point.</summary>
    public static Tensor Dequantize(Tensor codes, Tensor scales, Tensor zeroPoints, KvTensorRole role, KvTensorShape shape, int groupTokens)
    {
        using var scope = NewDisposeScope();
        var (s, z) = PerElement(scales, zeroPoints, role, shape, groupTokens);
        return (codes.to(ScalarType.Float32) * s).Plus(z).MoveToOuterDisposeScope();                        // (1, Hkv, T, Dh)
    }

    /// <summary>Per (head, group, channel) minimum and maximum over the group's tokens: (1, Hkv, G, Dh) each.</summary>
    private static (Tensor Lo, Tensor Hi) KeyGroupRange(Tensor x, KvTensorShape shape, int groupTokens)
    {
        var groups = Groups(shape.Tokens, groupTokens);
        var padTokens = groups * groupTokens - shape.Tokens;
        // Padding the short last group with copies of its last token leaves its minimum and maximum as they are.
        var padded = padTokens == 0
            ? x
            : cat([x, x.narrow(2, shape.Tokens - 1, 1).expand(1, shape.KvHeads, padTokens, shape.HeadDim)], 2);   // (1, Hkv, G·g, Dh)
        var grouped = padded.reshape(1, shape.KvHeads, groups, groupTokens, shape.HeadDim);             // (1, Hkv, G, g, Dh)
        return (grouped.amin([3]), grouped.amax([3]));                                                  // (1, Hkv, G, Dh)
    }

    /// <summary>Per (head, token) minimum and maximum over the channels: (1, Hkv, T, 1) each.</summary>
    private static (Tensor Lo, Tensor Hi) ValueTokenRange(Tensor x) => (x.amin([3], keepdim: true), x.amax([3], keepdim: true));

    /// <summary>fp16 zero point z ≤ lo and fp16 scale s ≥ (hi − z) / maxCode, each as close as fp16 allows.</summary>
    private static (Tensor Scales, Tensor ZeroPoints) ScaleAndZeroPoint(Tensor lo, Tensor hi, int maxCode)
    {
        var nearestZero = lo.to(ScalarType.Float16);
        var belowZero = (lo - lo.abs().MulScalar(OutwardRelative).AddScalar(SmallestSubnormal)).to(ScalarType.Float16);
        var zeroPoints = where(nearestZero.to(ScalarType.Float32) > lo, belowZero, nearestZero);
        var exactScale = (hi - zeroPoints.to(ScalarType.Float32)).DivScalar(maxCode);
        var nearestScale = exactScale.to(ScalarType.Float16);
        var aboveScale = exactScale.MulScalar(1 + OutwardRelative).AddScalar(SmallestSubnormal).to(ScalarType.Float16);
        var scales = where(nearestScale.to(ScalarType.Float32) < exactScale, aboveScale, nearestScale);
        return (scales, zeroPoints);
    }

    /// <summary>Scales and zero points as float32 broadcastable to (1, Hkv, T, Dh): keys repeated over their group's tokens.</summary>
    private static (Tensor Scale, Tensor ZeroPoint) PerElement(Tensor scales, Tensor zeroPoints, KvTensorRole role, KvTensorShape shape, int groupTokens)
    {
        var s = scales.to(ScalarType.Float32);
        var z = zeroPoints.to(ScalarType.Float32);
        if (role == KvTensorRole.Values)
        {
            return (s, z);                                                                              // (1, Hkv, T, 1)
        }

        return (s.repeat_interleave(groupTokens, 2).narrow(2, 0, shape.Tokens),                        // (1, Hkv, T, Dh)
                z.repeat_interleave(groupTokens, 2).narrow(2, 0, shape.Tokens));
    }
}
