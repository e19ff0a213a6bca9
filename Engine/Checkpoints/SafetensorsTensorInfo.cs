namespace SparseVila.Engine.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor's name in the checkpoint, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DataType">The element type as the file spells it: <c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>I64</c>, …</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
/// <param name="DataOffsetBytes">Where the tensor's bytes begin, counted from the first byte after the header.</param>
/// <param name="DataLengthBytes">How many bytes the tensor takes: elements × element size.</param>
public sealed record SafetensorsTensorInfo(string Name, string DataType, long[] Shape, long DataOffsetBytes, long DataLengthBytes);
