using SparseVila.Engine.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>Loading a checkpoint into a module: every parameter and persistent buffer, or a list of every problem.</summary>
public sealed class ModuleStateLoaderTests : IDisposable
{
    private const string Prefix = "language_model.";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Two linear layers, a persistent float buffer, a persistent integer buffer and a non-persistent one.</summary>
    private sealed class TinyBlock : Module<Tensor, Tensor>
    {
        private readonly Linear up = Linear(4, 8);
        private readonly Linear down = Linear(8, 2, hasBias: false);

        public TinyBlock()
            : base(nameof(TinyBlock))
        {
            register_buffer("scale", ones(2));
            register_buffer("positions", zeros(3, dtype: ScalarType.Int64));
            register_buffer("cache", zeros(5), persistent: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => down.forward(up.forward(input));    // (B, 4) → (B, 2)
    }

    /// <summary>A checkpoint for <see cref="TinyBlock"/> under <see cref="Prefix"/>, with random values.</summary>
    private static Dictionary<string, Tensor> CheckpointFor() => new()
    {
        [Prefix + "up.weight"] = randn(8, 4),
        [Prefix + "up.bias"] = randn(8),
        [Prefix + "down.weight"] = randn(2, 8),
        [Prefix + "scale"] = randn(2),
        [Prefix + "positions"] = tensor(new long[] { 3, 1, 4 }),
    };

    private CheckpointTensors Save(Dictionary<string, Tensor> tensors, ScalarType? storeAs = null)
    {
        SafetensorsWriter.Write(_folder.File("model.safetensors"), tensors, storeAs: storeAs);
        return CheckpointTensors.Open(_folder.Path);
    }

    private static Dictionary<string, Tensor> StateOf(Module module) =>
        module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());

    [Fact]
    public void Load_CopiesEveryParameterAndPersistentBuffer()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        using var checkpoint = Save(tensors);
        using var block = new TinyBlock();

        ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32);

        var state = block.state_dict();
        foreach (var (name, expected) in tensors)
        {
            var loaded = state[name[Prefix.Length..]];
            Assert.Equal(expected.dtype, loaded.dtype);
            Assert.Equal(expected.bytes.ToArray(), loaded.bytes.ToArray());
        }

        Assert.True(block.parameters().All(p => p.requires_grad));
    }

    [Fact]
    public void Load_Float16Checkpoint_IntoFloat32Module()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        using var checkpoint = Save(tensors, storeAs: ScalarType.Float16);
        using var block = new TinyBlock();

        ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32);

        var weight = block.state_dict()["up.weight"];
        Assert.Equal("F16", checkpoint.Info(Prefix + "up.weight").DataType);
        Assert.Equal(ScalarType.Float32, weight.dtype);
        Assert.Equal(tensors[Prefix + "up.weight"].to(ScalarType.Float16).to(ScalarType.Float32).data<float>().ToArray(), weight.data<float>().ToArray());
    }

    [Fact]
    public void Load_MissingTensor_IsNamed()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        tensors.Remove(Prefix + "down.weight");
        using var checkpoint = Save(tensors);
        using var block = new TinyBlock();

        var error = Assert.Throws<CheckpointException>(() => ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32));

        Assert.Equal(checkpoint.Folder, error.Path);
        Assert.Equal("language_model.down.weight: missing from the checkpoint (module 'down.weight'); the model expects [2, 8].", Assert.Single(error.Problems));
    }

    [Fact]
    public void Load_WrongShape_GivesBothShapes()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        tensors[Prefix + "up.weight"] = randn(8, 5);
        using var checkpoint = Save(tensors);
        using var block = new TinyBlock();

        var error = Assert.Throws<CheckpointException>(() => ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32));

        Assert.StartsWith("language_model.up.weight: checkpoint shape [8, 5], model expects [8, 4]", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnexpectedTensor_IsReported_UnlessIgnored()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        tensors[Prefix + "rotary.inv_freq"] = ones(4);
        using var checkpoint = Save(tensors);
        using var block = new TinyBlock();

        var error = Assert.Throws<CheckpointException>(() => ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32));
        ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32, ignoreUnexpected: name => name.EndsWith(".inv_freq", StringComparison.Ordinal));

        Assert.Equal("language_model.rotary.inv_freq: in the checkpoint but not used by the model.", Assert.Single(error.Problems));
        Assert.Equal(tensors[Prefix + "up.bias"].data<float>().ToArray(), block.state_dict()["up.bias"].data<float>().ToArray());
    }

    [Fact]
    public void Load_CollectsEveryProblem_AndLeavesTheModuleUntouched()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        tensors.Remove(Prefix + "scale");
        tensors[Prefix + "down.weight"] = randn(8, 2);
        tensors[Prefix + "extra"] = ones(1);
        using var checkpoint = Save(tensors);
        using var block = new TinyBlock();
        var before = StateOf(block);

        var error = Assert.Throws<CheckpointException>(() => ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("language_model.scale: missing", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("language_model.down.weight: checkpoint shape [8, 2], model expects [2, 8]", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("language_model.extra: in the checkpoint but not used", StringComparison.Ordinal));
        foreach (var (name, value) in StateOf(block))
        {
            Assert.Equal(before[name].bytes.ToArray(), value.bytes.ToArray());
        }
    }

    [Fact]
    public void Describe_ListsParametersAndPersistentBuffers()
    {
        using var scope = NewDisposeScope();
        using var block = new TinyBlock();

        var described = ModuleStateLoader.Describe(block).ToDictionary(entry => entry.Name, entry => entry.Shape);

        Assert.Equal(["down.weight", "positions", "scale", "up.bias", "up.weight"], described.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([8L, 4L], described["up.weight"]);
    }

    [Fact]
    public void Load_IntoMetaModule_ChecksShapesWithoutCopying()
    {
        using var scope = NewDisposeScope();
        var tensors = CheckpointFor();
        tensors[Prefix + "up.bias"] = randn(9);
        using var checkpoint = Save(tensors);
        using var block = new TinyBlock();
        block.to(META);

        var error = Assert.Throws<CheckpointException>(() => ModuleStateLoader.Load(block, checkpoint, name => Prefix + name, ScalarType.Float32));
        tensors[Prefix + "up.bias"] = randn(8);
        using var fitting = Save(tensors);
        ModuleStateLoader.Load(block, fitting, name => Prefix + name, ScalarType.Float32);

        Assert.StartsWith("language_model.up.bias: checkpoint shape [9], model expects [8]", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.All(block.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
    }
}
