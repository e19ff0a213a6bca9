using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>One stored part of an encoded tensor (codes, scales or zero points): its element type and shape, row-major little-endian.</summary>
/// <param name="Type">Element type: Float16 or Byte.</param>
/// <param name="Shape">Dimensions.</param>
public sealed record KvPart(ScalarType Type, long[] Shape)
{
    /// <summary>Bytes the part takes in a segment.</summary>
    public long Bytes => Shape.Aggregate(1L, (product, size) => product * size) * Type switch
    {
        ScalarType.Float16 => 2,
        ScalarType.Byte => 1,
        _ => throw new InvalidOperationException($"Segments store Float16 and Byte parts, not {Type}."),
    };
}
