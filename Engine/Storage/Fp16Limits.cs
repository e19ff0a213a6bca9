using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>The range of values every codec stores: within fp16's, with room for the integer codecs' rounding of zero points outward.</summary>
public static class Fp16Limits
{
    /// <summary>
    /// fp16's largest finite value is 65504; a zero point is rounded down by up to 2⁻⁹ of itself (see
    /// <see cref="AsymmetricQuantization"/>), which from 65000 still lands on a finite fp16 value.
    /// </summary>
    public const float MaxMagnitude = 65000f;

    /// <summary>Throws <see cref="ArgumentException"/> unless every element of <paramref name="tensor"/> is finite and within ±<see cref="MaxMagnitude"/>.</summary>
    public static void Check(Tensor tensor, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        var largest = tensor.abs().max().to(ScalarType.Float64).item<double>();
        if (!double.IsFinite(largest) || largest > MaxMagnitude)
        {
            throw new ArgumentException(
                $"Keys and values are stored within ±{MaxMagnitude} (fp16's range); this tensor holds {largest}.", paramName);
        }
    }
}
