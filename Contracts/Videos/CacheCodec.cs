namespace SparseVila.Contracts.Videos;

/// <summary>How a stored visual KV cache holds keys and values (docs/storage-format.md).</summary>
[GenerateSerializer]
public enum CacheCodec
{
    /// <summary>IEEE half precision: 2 bytes a value.</summary>
    Fp16,

#pragma warning disable CA1720 // Int8 and Int4 name the code width, as quantization papers and the storage format do, not a .NET type.
    /// <summary>8-bit codes with per-channel key scales and per-token value scales: about 0.55 × fp16.</summary>
    Int8,

    /// <summary>4-bit codes, scaled as int8: about 0.3 × fp16.</summary>
    Int4,
#pragma warning restore CA1720
}
