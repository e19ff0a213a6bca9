using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SparseVila.Engine.Checkpoints;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>What the writer writes, the reader reads back: exactly in F32, with the one rounding of F16 and BF16.</summary>
public sealed class SafetensorsRoundTripTests : IDisposable
{
    private static readonly bool[] MaskValues = [true, false, true];

    private readonly TemporaryFolder _folder = new();
    private readonly string _path;

    public SafetensorsRoundTripTests() => _path = _folder.File("model.safetensors");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Float32_ReadsBackExactly_WithShapes()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["layers.0.weight"] = randn(5, 3),
            ["layers.0.bias"] = randn(5),
            ["scalar"] = tensor(2.5f),
            ["empty"] = zeros(0, 4),
        };

        SafetensorsWriter.Write(_path, tensors);
        using var file = SafetensorsFile.Open(_path);

        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), file.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in tensors)
        {
            var loaded = file.Load(name, ScalarType.Float32, CPU);
            Assert.Equal("F32", file.Tensors[name].DataType);
            Assert.Equal(expected.shape, loaded.shape);
            Assert.Equal(Values(expected), Values(loaded));
        }
    }

    /// <summary>The tensor's values; TorchSharp 0.107's accessor throws on an empty tensor rather than give none.</summary>
    private static float[] Values(Tensor tensor) => tensor.numel() == 0 ? [] : tensor.data<float>().ToArray();

    [Theory]
    [InlineData(ScalarType.Float16, "F16")]
    [InlineData(ScalarType.BFloat16, "BF16")]
    public void StoreAsHalfPrecision_ReadsBackWithOneRounding(ScalarType storeAs, string dataType)
    {
        using var scope = NewDisposeScope();
        var original = randn(7, 9);

        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["w"] = original }, storeAs: storeAs);
        using var file = SafetensorsFile.Open(_path);
        var loaded = file.Load("w", ScalarType.Float32, CPU);

        Assert.Equal(dataType, file.Tensors["w"].DataType);
        Assert.Equal(7L * 9 * 2, file.Tensors["w"].DataLengthBytes);
        Assert.Equal(ScalarType.Float32, loaded.dtype);
        Assert.Equal(original.to(storeAs).to(ScalarType.Float32).data<float>().ToArray(), loaded.data<float>().ToArray());
        // Round to nearest: within half a unit in the last place (2^-11 for F16, 2^-8 for BF16) of each value.
        var relativeError = storeAs == ScalarType.Float16 ? 1.0 / 2048 : 1.0 / 256;
        Assert.True(loaded.allclose(original, rtol: relativeError, atol: 1e-7));
    }

    [Fact]
    public void HalfPrecisionTensors_AreStoredAsTheirOwnType()
    {
        using var scope = NewDisposeScope();
        var original = randn(4).to(ScalarType.BFloat16);

        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["w"] = original });
        using var file = SafetensorsFile.Open(_path);
        var loaded = file.Load("w", ScalarType.BFloat16, CPU);

        Assert.Equal("BF16", file.Tensors["w"].DataType);
        Assert.Equal(original.bytes.ToArray(), loaded.bytes.ToArray());
    }

    [Fact]
    public void Load_ConvertsToTheTypeAskedFor()
    {
        using var scope = NewDisposeScope();
        var original = randn(3, 2);
        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["w"] = original });
        using var file = SafetensorsFile.Open(_path);

        var loaded = file.Load("w", ScalarType.Float16, CPU);

        Assert.Equal(ScalarType.Float16, loaded.dtype);
        Assert.Equal(original.to(ScalarType.Float16).bytes.ToArray(), loaded.bytes.ToArray());
    }

    [Fact]
    public void IntegerAndBoolTensors_KeepTheirType_EvenWithStoreAs()
    {
        using var scope = NewDisposeScope();
        var positions = arange(0L, 6L, 1L);
        var mask = tensor(MaskValues);

        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["positions"] = positions, ["mask"] = mask }, storeAs: ScalarType.BFloat16);
        using var file = SafetensorsFile.Open(_path);

        Assert.Equal(("I64", "BOOL"), (file.Tensors["positions"].DataType, file.Tensors["mask"].DataType));
        var loadedPositions = file.Load("positions", ScalarType.Float32, CPU);
        Assert.Equal(ScalarType.Int64, loadedPositions.dtype);
        Assert.Equal([0L, 1, 2, 3, 4, 5], loadedPositions.data<long>().ToArray());
        Assert.Equal(MaskValues, file.Load("mask", ScalarType.Float32, CPU).data<bool>().ToArray());
    }

    [Fact]
    public void NonContiguousTensor_IsWrittenInItsLogicalOrder()
    {
        using var scope = NewDisposeScope();
        var transposed = arange(6f).reshape(2, 3).t();                       // (3, 2), strides (1, 3)

        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["t"] = transposed });
        using var file = SafetensorsFile.Open(_path);

        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], file.Load("t", ScalarType.Float32, CPU).data<float>().ToArray());
    }

    [Fact]
    public void Metadata_ReadsBack()
    {
        using var scope = NewDisposeScope();
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["source"] = "unit test ✓" };

        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["w"] = ones(1) }, metadata);
        using var file = SafetensorsFile.Open(_path);

        Assert.Equal(metadata, file.Metadata);
        Assert.DoesNotContain("__metadata__", file.Tensors.Keys);
    }

    [Fact]
    public void Header_IsPaddedWithSpacesToEightBytes_TensorsPackedInNameOrder()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor>
        {
            ["b"] = ones(3),                                   // 12 bytes
            ["a"] = ones(2, 2).to(ScalarType.Float16),         // 8 bytes
            ["c"] = ones(1, dtype: ScalarType.Int64),          // 8 bytes
        });

        // Read the file by hand, not with the reader under test.
        var bytes = File.ReadAllBytes(_path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, sizeof(ulong), headerLength);
        Assert.Equal(0, headerLength % 8);
        var json = header.TrimEnd(' ');
        Assert.EndsWith("}", json, StringComparison.Ordinal);
        Assert.InRange(header.Length - json.Length, 0, 7);
        using var document = JsonDocument.Parse(json);
        var entries = document.RootElement.EnumerateObject().Select(e => (e.Name, Offsets: e.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray())).ToList();
        Assert.Equal(["a", "b", "c"], entries.Select(e => e.Name));
        Assert.Equal([[0L, 8L], [8L, 20L], [20L, 28L]], entries.Select(e => e.Offsets));
        Assert.Equal(sizeof(ulong) + headerLength + 28, bytes.Length);
    }

    [Fact]
    public void Write_ReplacesAnExistingFile_LeavingNothingBeside()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["old"] = ones(100) });

        SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["new"] = ones(1) });
        using var file = SafetensorsFile.Open(_path);

        Assert.Equal(["new"], file.Tensors.Keys);
        Assert.Equal([_path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Write_RefusesStoreAsOtherThanF32F16BF16()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["w"] = ones(1) }, storeAs: ScalarType.Int32));
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void Write_RefusesTheMetadataKeyAsATensorName()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(
            () => SafetensorsWriter.Write(_path, new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }));
    }

    [Fact]
    public void Write_FailingHalfway_LeavesNoFileBehind()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor> { ["a"] = ones(4), ["b"] = empty(4, device: META) };   // "b" has no data to write

        Assert.ThrowsAny<Exception>(() => SafetensorsWriter.Write(_path, tensors));

        Assert.Empty(Directory.GetFiles(_folder.Path));
    }
}
