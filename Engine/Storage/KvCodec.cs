namespace SparseVila.Engine.Storage;

/// <summary>How a segment stores keys and values. The value is the codec byte of the segment header.</summary>
public enum KvCodec : byte
{
    /// <summary>IEEE half precision, 2 bytes an element; one rounding, relative error at most 2⁻¹¹.</summary>
    Fp16 = 0,

#pragma warning disable CA1720 // Int8 and Int4 name the code width, as quantization papers and the manifest's JSON do, not a .NET type.
    /// <summary>
    /// 8-bit asymmetric codes, 1 byte an element: keys per channel over groups of tokens, values per token
    /// (KIVI-style); error at most half a step, step = range / 255.
    /// </summary>
    Int8 = 1,

    /// <summary>4-bit asymmetric codes, two an element pair per byte, grouped as <see cref="Int8"/>; step = range / 15.</summary>
    Int4 = 2,
#pragma warning restore CA1720
}
