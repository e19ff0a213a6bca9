using System.Text.Json;
using SparseVila.Engine.Checkpoints;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>Checkpoint folders: sharded with an index, a single file, and what is refused.</summary>
public sealed class CheckpointTensorsTests : IDisposable
{
    private const string IndexFileName = "model.safetensors.index.json";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Five F32 tensors of 16 elements (64 bytes) each.</summary>
    private static Dictionary<string, Tensor> FiveTensors() =>
        Enumerable.Range(0, 5).ToDictionary(i => $"layers.{i}.weight", _ => randn(4, 4));

    [Fact]
    public void WriteSharded_FillsShardsUpToTheLimit_AndWritesTheIndex()
    {
        using var scope = NewDisposeScope();

        SafetensorsWriter.WriteSharded(_folder.Path, FiveTensors(), maxShardBytes: 130);   // two 64-byte tensors fit, three do not

        Assert.Equal(
            ["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", IndexFileName],
            Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var index = JsonDocument.Parse(File.ReadAllText(_folder.File(IndexFileName)));
        Assert.Equal(5 * 64, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var weightMap = index.RootElement.GetProperty("weight_map").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString());
        Assert.Equal("model-00001-of-00003.safetensors", weightMap["layers.1.weight"]);
        Assert.Equal("model-00002-of-00003.safetensors", weightMap["layers.2.weight"]);
        Assert.Equal("model-00003-of-00003.safetensors", weightMap["layers.4.weight"]);
        using var lastShard = SafetensorsFile.Open(_folder.File("model-00003-of-00003.safetensors"));
        Assert.Equal(["layers.4.weight"], lastShard.Tensors.Keys);
    }

    [Fact]
    public void Open_ShardedFolder_LoadsEveryTensorFromItsShard()
    {
        using var scope = NewDisposeScope();
        var tensors = FiveTensors();
        SafetensorsWriter.WriteSharded(_folder.Path, tensors, maxShardBytes: 130);

        using var checkpoint = CheckpointTensors.Open(_folder.Path);

        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), checkpoint.Names);
        foreach (var (name, expected) in tensors)
        {
            Assert.True(checkpoint.Contains(name));
            Assert.Equal([4L, 4L], checkpoint.Info(name).Shape);
            Assert.Equal(expected.data<float>().ToArray(), checkpoint.Load(name, ScalarType.Float32, CPU).data<float>().ToArray());
        }

        Assert.False(checkpoint.Contains("layers.5.weight"));
    }

    [Fact]
    public void WriteSharded_StoreAsBFloat16_HalvesTotalSize_TensorLargerThanTheLimitGetsItsOwnShard()
    {
        using var scope = NewDisposeScope();

        SafetensorsWriter.WriteSharded(_folder.Path, FiveTensors(), maxShardBytes: 20, storeAs: ScalarType.BFloat16);   // each tensor is 32 bytes

        using var index = JsonDocument.Parse(File.ReadAllText(_folder.File(IndexFileName)));
        Assert.Equal(5 * 32, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        Assert.Equal(6, Directory.GetFiles(_folder.Path).Length);
        using var checkpoint = CheckpointTensors.Open(_folder.Path);
        Assert.Equal("BF16", checkpoint.Info("layers.3.weight").DataType);
    }

    [Fact]
    public void Open_MissingShard_NamesTheShardAndATensor()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.WriteSharded(_folder.Path, FiveTensors(), maxShardBytes: 130);
        File.Delete(_folder.File("model-00002-of-00003.safetensors"));

        var error = Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(_folder.Path));

        Assert.Equal(_folder.File(IndexFileName), error.Path);
        var problem = Assert.Single(error.Problems);
        Assert.Contains("model-00002-of-00003.safetensors is missing", problem, StringComparison.Ordinal);
        Assert.Contains("layers.2.weight", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TensorListedButAbsentFromItsShard_IsRefused()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.WriteSharded(_folder.Path, FiveTensors(), maxShardBytes: 130);
        var indexPath = _folder.File(IndexFileName);
        File.WriteAllText(indexPath, File.ReadAllText(indexPath).Replace(
            "\"layers.4.weight\"", "\"layers.9.weight\": \"model-00001-of-00003.safetensors\",\n    \"layers.4.weight\"", StringComparison.Ordinal));

        var error = Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(_folder.Path));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("layers.9.weight", problem, StringComparison.Ordinal);
        Assert.Contains("model-00001-of-00003.safetensors", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MalformedShard_NamesTheShard()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.WriteSharded(_folder.Path, FiveTensors(), maxShardBytes: 130);
        File.WriteAllBytes(_folder.File("model-00003-of-00003.safetensors"), [1, 2, 3]);

        var error = Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(_folder.Path));

        Assert.Contains("shard model-00003-of-00003.safetensors: the file is 3 bytes", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"weight_map": {"w": "../elsewhere.safetensors"}}""", "not the file name of a shard")]
    [InlineData("""{"metadata": {}}""", "no \"weight_map\" object")]
    [InlineData("""{"weight_map": """, "not valid JSON")]
    public void Open_MalformedIndex_IsRefused(string index, string expected)
    {
        File.WriteAllText(_folder.File(IndexFileName), index);

        var error = Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(_folder.Path));

        Assert.Equal(_folder.File(IndexFileName), error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("weights.safetensors")]
    public void Open_FolderWithOneFile_ReadsIt(string fileName)
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(_folder.File(fileName), new Dictionary<string, Tensor> { ["w"] = arange(3f) });

        using var checkpoint = CheckpointTensors.Open(_folder.Path);

        Assert.Equal(["w"], checkpoint.Names);
        Assert.Equal([0f, 1f, 2f], checkpoint.Load("w", ScalarType.Float32, CPU).data<float>().ToArray());
    }

    [Fact]
    public void Open_ModelSafetensorsWinsOverOtherFiles()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(_folder.File("model.safetensors"), new Dictionary<string, Tensor> { ["main"] = ones(1) });
        SafetensorsWriter.Write(_folder.File("extra.safetensors"), new Dictionary<string, Tensor> { ["extra"] = ones(1) });

        using var checkpoint = CheckpointTensors.Open(_folder.Path);

        Assert.Equal(["main"], checkpoint.Names);
    }

    [Fact]
    public void Open_SeveralFilesWithoutIndex_IsRefused()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(_folder.File("a.safetensors"), new Dictionary<string, Tensor> { ["a"] = ones(1) });
        SafetensorsWriter.Write(_folder.File("b.safetensors"), new Dictionary<string, Tensor> { ["b"] = ones(1) });

        var error = Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(_folder.Path));

        Assert.Contains("2 *.safetensors files (a.safetensors, b.safetensors)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EmptyOrMissingFolder_IsRefused()
    {
        Assert.Contains("neither", Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(_folder.Path)).Message, StringComparison.Ordinal);
        var missing = _folder.File("absent");
        Assert.Equal(missing, Assert.Throws<CheckpointException>(() => CheckpointTensors.Open(missing)).Path);
    }

    [Fact]
    public void InfoAndLoad_UnknownName_NameTheFolderAndTensor()
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(_folder.File("model.safetensors"), new Dictionary<string, Tensor> { ["w"] = ones(1) });
        using var checkpoint = CheckpointTensors.Open(_folder.Path);

        var info = Assert.Throws<CheckpointException>(() => checkpoint.Info("v"));
        var load = Assert.Throws<CheckpointException>(() => checkpoint.Load("v", ScalarType.Float32, CPU));

        Assert.Equal((_folder.Path, _folder.Path), (info.Path, load.Path));
        Assert.Contains("v: no such tensor", load.Message, StringComparison.Ordinal);
    }
}
