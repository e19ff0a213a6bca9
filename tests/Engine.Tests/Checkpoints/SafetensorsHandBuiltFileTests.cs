using SparseVila.Engine.Checkpoints;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>The reader against a file built by hand here, so that a bug shared by the writer and the reader cannot hide.</summary>
public sealed class SafetensorsHandBuiltFileTests : IDisposable
{
    // Entries out of data order, metadata among them, and a header of 287 bytes, not padded to 8: as another writer may do.
    private const string Header =
        """{"ids":{"dtype":"I64","shape":[3],"data_offsets":[24,48]},"__metadata__":{"format":"pt","note":"hand built"},"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"bf":"""
        + """{"dtype":"BF16","shape":[2],"data_offsets":[48,52]},"half":{"dtype":"F16","shape":[2,1],"data_offsets":[52,56]}}""";

    private readonly TemporaryFolder _folder = new();
    private readonly string _path;

    public SafetensorsHandBuiltFileTests()
    {
        _path = _folder.File("hand.safetensors");
        byte[] data =
        [
            .. SafetensorsBytes.Floats(1.5f, -2f, 0.25f, 3f, 0f, -0.125f),
            .. SafetensorsBytes.Longs(7, -1, 1L << 40),
            .. SafetensorsBytes.Bits16(0x3FC0, 0xC040),   // BF16 1.5, -3
            .. SafetensorsBytes.Bits16(0x3C00, 0xC000),   // F16 1, -2
        ];
        File.WriteAllBytes(_path, SafetensorsBytes.Build(Header, data));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_ReadsEveryEntryAsWritten()
    {
        using var file = SafetensorsFile.Open(_path);

        Assert.Equal(["bf", "half", "ids", "weight"], file.Tensors.Keys.Order(StringComparer.Ordinal));
        var weight = file.Tensors["weight"];
        Assert.Equal(("weight", "F32", 0L, 24L), (weight.Name, weight.DataType, weight.DataOffsetBytes, weight.DataLengthBytes));
        Assert.Equal([2L, 3L], weight.Shape);
        var ids = file.Tensors["ids"];
        Assert.Equal(("I64", 24L, 24L), (ids.DataType, ids.DataOffsetBytes, ids.DataLengthBytes));
        Assert.Equal([2L, 1L], file.Tensors["half"].Shape);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "hand built" }, file.Metadata);
    }

    [Fact]
    public void Load_GivesTheBytesValues()
    {
        using var scope = NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);

        var weight = file.Load("weight", ScalarType.Float32, CPU);
        var ids = file.Load("ids", ScalarType.Float32, CPU);
        var bf = file.Load("bf", ScalarType.Float32, CPU);
        var half = file.Load("half", ScalarType.Float32, CPU);

        Assert.Equal([2L, 3L], weight.shape);
        Assert.Equal([1.5f, -2f, 0.25f, 3f, 0f, -0.125f], weight.data<float>().ToArray());
        Assert.Equal(ScalarType.Int64, ids.dtype);                 // integers load as themselves
        Assert.Equal([7L, -1L, 1L << 40], ids.data<long>().ToArray());
        Assert.Equal([1.5f, -3f], bf.data<float>().ToArray());
        Assert.Equal([2L, 1L], half.shape);
        Assert.Equal([1f, -2f], half.data<float>().ToArray());
    }

    [Fact]
    public void Load_InTheStoredType_KeepsTheBits()
    {
        using var scope = NewDisposeScope();
        using var file = SafetensorsFile.Open(_path);

        var bf = file.Load("bf", ScalarType.BFloat16, CPU);

        Assert.Equal(ScalarType.BFloat16, bf.dtype);
        Assert.Equal(SafetensorsBytes.Bits16(0x3FC0, 0xC040), bf.bytes.ToArray());
    }
}
