using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

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
        return pairs[.., 0].Plus(pairs[.., 1].MulScalar(16)).to(ScalarType.Byte).MoveToOuterDisposeScope();       // (⌈n/2⌉,)
    }

    /// <summary>Unpacks uint8 (⌈n/2⌉,) into uint8 codes shaped <paramref name="shape"/> (n elements).</summary>
    /// <remarks>
    /// A loop over the bytes, not tensor ops: the remainder / floor-divide version made four int32 temporaries of the
    /// codes and was what bounded int4 rehydration (docs/storage-format.md).
    /// </remarks>
    public static Tensor Unpack(Tensor packed, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(packed);
        ArgumentNullException.ThrowIfNull(shape);
        var elements = shape.Aggregate(1L, (product, size) => product * size);
        if (packed.dtype != ScalarType.Byte || packed.numel() != PackedBytes(elements))
        {
            throw new ArgumentException($"{elements} codes need {PackedBytes(elements)} packed bytes; got {packed.numel()} of {packed.dtype}.", nameof(packed));
        }

        var bytes = packed.cpu().contiguous().data<byte>().ToArray();                                   // (⌈n/2⌉,)
        var codes = new byte[elements];
        var pairs = elements / 2;
        for (long i = 0; i < pairs; i++)
        {
            var b = bytes[i];
            codes[2 * i] = (byte)(b & 0x0F);
            codes[(2 * i) + 1] = (byte)(b >> 4);
        }

        if (elements % 2 == 1)
        {
            codes[elements - 1] = (byte)(bytes[pairs] & 0x0F);
        }

        return tensor(codes, shape, device: packed.device);                                             // shape, uint8
    }
}
