using SparseVila.Engine.Checkpoints;
using SparseVila.Engine.Storage;
using SparseVila.Engine.Tests.Checkpoints;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>The fingerprint follows the configuration and every weight byte, not the folder's location.</summary>
public sealed class ModelFingerprintTests : IDisposable
{
    private const string Config = "{\"model_type\": \"llava\", \"hidden_size\": 8}";

    private readonly TemporaryFolder _first = new();
    private readonly TemporaryFolder _second = new();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    private static void WriteCheckpoint(TemporaryFolder folder, string config = Config)
    {
        using var scope = NewDisposeScope();
        File.WriteAllText(folder.File("config.json"), config);
        SafetensorsWriter.Write(folder.File("model.safetensors"), new Dictionary<string, Tensor>
        {
            ["model.embed_tokens.weight"] = arange(24, ScalarType.Float32).reshape(6, 4),
            ["model.norm.weight"] = ones(4),
        });
    }

    [Fact]
    public void TheSameCheckpointElsewhere_HasTheSameFingerprint()
    {
        WriteCheckpoint(_first);
        WriteCheckpoint(_second);

        var fingerprint = ModelFingerprint.Compute(_first.Path);

        Assert.Equal(fingerprint, ModelFingerprint.Compute(_second.Path));
        Assert.Matches("^sha256:[0-9a-f]{64}$", fingerprint);
    }

    [Fact]
    public void OneChangedWeightByte_ChangesTheFingerprint()
    {
        WriteCheckpoint(_first);
        var before = ModelFingerprint.Compute(_first.Path);
        var bytes = File.ReadAllBytes(_first.File("model.safetensors"));
        bytes[^1] ^= 0x01;                                                                              // the last weight's last byte
        File.WriteAllBytes(_first.File("model.safetensors"), bytes);

        Assert.NotEqual(before, ModelFingerprint.Compute(_first.Path));
    }

    [Fact]
    public void AChangedConfiguration_ChangesTheFingerprint()
    {
        WriteCheckpoint(_first);
        WriteCheckpoint(_second, Config.Replace("8", "16", StringComparison.Ordinal));

        Assert.NotEqual(ModelFingerprint.Compute(_first.Path), ModelFingerprint.Compute(_second.Path));
    }

    [Fact]
    public void AFolderWithoutConfig_IsACheckpointError()
    {
        WriteCheckpoint(_first);
        File.Delete(_first.File("config.json"));

        Assert.Throws<CheckpointException>(() => ModelFingerprint.Compute(_first.Path));
    }
}
