using System.IO.MemoryMappedFiles;
using SparseVila.Engine.Checkpoints;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>
/// Tensors over 1 GiB (a 7B model's BF16 embedding table) are copied in chunks; the chunk size is shrunk here
/// so that tiny tensors take the same path.
/// </summary>
public sealed class TensorBytesTests
{
    [Theory]
    [InlineData(12)]      // 3 floats a chunk: 10 floats take 4 chunks, the last one short
    [InlineData(40)]      // exactly one chunk
    [InlineData(4)]       // one float a chunk
    public void WriteThenRead_InChunks_KeepsEveryByte(long chunkBytes)
    {
        using var scope = NewDisposeScope();
        var original = arange(10f).reshape(2, 5);                        // (2, 5)
        using var stream = new MemoryStream();

        TensorBytes.Write(original, stream, chunkBytes);
        var written = stream.ToArray();
        const long offsetBytes = 3;                                        // unaligned, as tensors in a file may be
        using var map = MemoryMappedFile.CreateNew(mapName: null, offsetBytes + written.Length);
        using var view = map.CreateViewAccessor();
        view.WriteArray(offsetBytes, written, 0, written.Length);
        var read = empty(2, 5);
        TensorBytes.Read(view.SafeMemoryMappedViewHandle, view.PointerOffset + offsetBytes, read, chunkBytes);

        Assert.Equal(original.bytes.ToArray(), written);
        Assert.Equal(original.data<float>().ToArray(), read.data<float>().ToArray());
    }

    [Fact]
    public void ChunkSmallerThanAnElement_IsRefused()
    {
        using var scope = NewDisposeScope();
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentOutOfRangeException>(() => TensorBytes.Write(ones(2), stream, chunkBytes: 2));
    }
}
