using System.Runtime.InteropServices;
using TorchSharp;

namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// Copies raw bytes between contiguous CPU tensors and mapped memory or streams, straight from or into the
/// tensor's storage. <see cref="torch.Tensor.bytes"/> is a span, so at most 2 GiB at a time: large tensors
/// are copied in chunks.
/// </summary>
internal static class TensorBytes
{
    /// <summary>1 GiB: well under a span's 2 GiB limit, large enough that the per-chunk cost does not show.</summary>
    public const long DefaultChunkBytes = 1L << 30;

    /// <summary>Fills <paramref name="destination"/> with the bytes of <paramref name="source"/> from <paramref name="sourceOffsetBytes"/> on.</summary>
    public static void Read(SafeBuffer source, long sourceOffsetBytes, torch.Tensor destination, long chunkBytes = DefaultChunkBytes)
    {
        ArgumentNullException.ThrowIfNull(source);
        ForEachChunk(destination, chunkBytes, (chunkOffsetBytes, chunk) =>
            source.ReadSpan((ulong)(sourceOffsetBytes + chunkOffsetBytes), chunk.bytes));
    }

    /// <summary>Writes the bytes of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static void Write(torch.Tensor source, Stream destination, long chunkBytes = DefaultChunkBytes)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ForEachChunk(source, chunkBytes, (_, chunk) => destination.Write(chunk.bytes));
    }

    private static void ForEachChunk(torch.Tensor tensor, long chunkBytes, Action<long, torch.Tensor> copy)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException("Raw bytes are copied only to and from contiguous CPU tensors.", nameof(tensor));
        }

        var elementCount = tensor.numel();
        var elementBytes = tensor.ElementSize;
        var chunkElements = chunkBytes / elementBytes;
        if (chunkElements < 1 || chunkElements * elementBytes > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkBytes), chunkBytes, $"A chunk holds at least one {elementBytes}-byte element and fits a span.");
        }

        using var flat = tensor.reshape(-1);                                     // (numel,), a view: tensor is contiguous
        for (long start = 0; start < elementCount; start += chunkElements)
        {
            using var chunk = flat.narrow(0, start, Math.Min(chunkElements, elementCount - start));
            copy(start * elementBytes, chunk);
        }
    }
}
