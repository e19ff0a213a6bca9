using System.Buffers.Binary;
using SparseVila.Engine.Checkpoints;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>Files that are not valid safetensors are refused with a <see cref="CheckpointException"/> naming the file and the tensor.</summary>
public sealed class SafetensorsValidationTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_MissingFile_NamesIt()
    {
        var path = _folder.File("absent.safetensors");

        var error = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path));

        Assert.Equal(path, error.Path);
        Assert.Contains("absent.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileShorterThanTheLengthField_IsTruncated()
    {
        var error = OpenBroken([0x10, 0, 0, 0, 0]);

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HeaderLengthBeyondTheFile_IsRefused()
    {
        var file = SafetensorsBytes.Build("{}", new byte[8]);
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1000);

        var error = OpenBroken(file);

        Assert.Contains("header length is 1000 bytes, past the end of the file (18 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DataPastTheEnd_NamesTheTensor()
    {
        // "w" needs 16 bytes; the file was cut after 8.
        var error = OpenBroken(SafetensorsBytes.Build("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", new byte[8]));

        Assert.Contains("w: data_offsets [0, 16] lie outside the 8 data bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OverlappingOffsets_NameBothTensors()
    {
        var error = OpenBroken(SafetensorsBytes.Build(
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]));

        Assert.Contains("b: data_offsets [4, 12] overlap a's [0, 8]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OffsetsNotMatchingTheShape_AreRefused()
    {
        var error = OpenBroken(SafetensorsBytes.Build("""{"w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,8]}}""", new byte[8]));

        Assert.Contains("w: data_offsets [0, 8] hold 8 bytes, but BF16 [2, 3] needs 12 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BeginAfterEnd_IsOutOfRange()
    {
        var error = OpenBroken(SafetensorsBytes.Build("""{"w":{"dtype":"U8","shape":[0],"data_offsets":[4,2]}}""", new byte[8]));

        Assert.Contains("w: data_offsets [4, 2] lie outside", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]""", "not valid JSON")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("""{"w":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}}""", "w: dtype 'F7' is not a safetensors type")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "w: \"shape\" holds -2")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", "w: \"data_offsets\" has 1 numbers")]
    [InlineData("""{"w":{"shape":[2],"data_offsets":[0,8]}}""", "w: has no \"dtype\" string")]
    [InlineData("""{"__metadata__":{"step":3}}""", "the value of 'step' is a JSON Number, not a string")]
    public void Open_MalformedHeader_SaysWhatIsWrong(string header, string expected)
    {
        var error = OpenBroken(SafetensorsBytes.Build(header, new byte[8]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SeveralBadTensors_ReportsEachOnce()
    {
        var error = OpenBroken(SafetensorsBytes.Build(
            """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,8]},"ok":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"c":{"dtype":"X","shape":[],"data_offsets":[0,1]}}""",
            new byte[8]));

        Assert.Equal(2, error.Problems.Count);
        Assert.StartsWith("a: ", error.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("c: ", error.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TypeTorchSharpCannotHold_IsRefusedNamingTheTensor()
    {
        var path = Write(SafetensorsBytes.Build("""{"u":{"dtype":"U16","shape":[2],"data_offsets":[0,4]}}""", new byte[4]));
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<CheckpointException>(() => file.Load("u", ScalarType.Float32, CPU));

        Assert.Equal(path, error.Path);
        Assert.Contains("u: dtype U16 cannot be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FloatingTensorAsInteger_IsRefused()
    {
        var path = Write(SafetensorsBytes.Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]));
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<CheckpointException>(() => file.Load("w", ScalarType.Int64, CPU));

        Assert.Contains("w: a F32 tensor cannot be loaded as Int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownName_NamesTheFileAndTensor()
    {
        var path = Write(SafetensorsBytes.Build("{}", []));
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<CheckpointException>(() => file.Load("nowhere.weight", ScalarType.Float32, CPU));

        Assert.Equal(path, error.Path);
        Assert.Contains("nowhere.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AfterDispose_Throws()
    {
        var path = Write(SafetensorsBytes.Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]));
        var file = SafetensorsFile.Open(path);
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.Load("w", ScalarType.Float32, CPU));
    }

    private string Write(byte[] bytes)
    {
        var path = _folder.File("file.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/>, opens them, and checks the refusal names the file.</summary>
    private CheckpointException OpenBroken(byte[] bytes)
    {
        var path = Write(bytes);

        var error = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path));

        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        return error;
    }
}
