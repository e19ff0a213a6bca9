using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>
/// Two 4-bit codes a byte: of the row-major codes c₀ c₁ c₂ …, byte i holds c₂ᵢ in its low nibble and c₂ᵢ₊₁ in its
/// high nibble; an odd count leaves the last high nibble 0.
/// </summary>
internal static class NibblePacking
{
    /// <summary>Bytes that hold <paramref name="codes"/> 4-bit codes.</summary>
    public static long PackedBytes(long codes) => (codes + 1) / 2;

    /// <summary>Packs uint8 codes 0…15 of any shape into uint8 (⌈n/2⌉,).</summary>
    public static Tensor Pack(Tensor codes)
    {
        using var scope = NewDisposeScope();
        var flat = codes.reshape(-1).to(ScalarType.Int32);                                              // (n,)
        if (flat.shape[0] % 2 == 1)
        {
            flat = cat([flat, zeros(1, ScalarType.Int32, flat.device)]);                                // (n + 1,)
        }

        var pairs = flat.reshape(-1, 2);                                                                // (⌈n/2⌉, 2)
        return (pairs[.., 0] + pairs[.., 1] * 16).to(ScalarType.Byte).MoveToOuterDisposeScope();       // (⌈n/2⌉,)
    }

    /// <summary>Unpacks uint8 (⌈n/2⌉,) into uint8 codes shaped <paramref name="shape"/> (n elements).</summary>
    public static Tensor Unpack(Tensor packed, long[] shape)
    {
        using var scope = NewDisposeScope();
        var elements = shape.Aggregate(1L, (product, size) => product * size);
        var bytes = packed.to(ScalarType.Int32);                                                        // (⌈n/2⌉,)
        var pairs = stack([bytes.remainder(16), bytes.floor_divide(16)], 1);                           // (⌈n/2⌉, 2): low, high
        return pairs.reshape(-1).narrow(0, 0, elements).reshape(shape).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
