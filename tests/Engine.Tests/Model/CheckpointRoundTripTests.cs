using SparseVila.Engine.Checkpoints;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Model;

/// <summary>Tiny random checkpoints written in the Hugging Face layouts load back into the same model.</summary>
public sealed class CheckpointRoundTripTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-ckpt-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static Tensor Logits(LlavaModel model, Tensor ids, Tensor pixels)
    {
        using var cache = model.LanguageModel.NewCache(32, ScalarType.Float32, CPU);
        var visual = model.EncodeFrames(pixels)[0];                                               // (Nv, D)
        var embeddings = cat([visual.unsqueeze(0), model.EmbedTokens(ids)], 1);                    // (1, Nv + T, D)
        return model.LanguageModel.Forward(new DecoderInput(embeddings, [cache], Logits: LogitsSelection.AllTokens));
    }

    public static TheoryData<CheckpointLayout, bool, ScalarType, VisionTowerKind, bool> Variants => new()
    {
        { CheckpointLayout.LanguageModelFirst, false, ScalarType.Float32, VisionTowerKind.Clip, false },
        { CheckpointLayout.ModelFirst, false, ScalarType.Float32, VisionTowerKind.Siglip, true },
        { CheckpointLayout.LanguageModelFirst, true, ScalarType.Float16, VisionTowerKind.Siglip, false },
        { CheckpointLayout.ModelFirst, true, ScalarType.Float16, VisionTowerKind.Clip, true },
        { CheckpointLayout.ModelFirst, false, ScalarType.BFloat16, VisionTowerKind.Clip, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void SavedCheckpoint_LoadsEveryParameter_AndComputesTheSameLogits(
        CheckpointLayout layout, bool sharded, ScalarType storeAs, VisionTowerKind tower, bool tie)
    {
        var config = TinyModels.Config(tower, tie: tie, strategy: tower == VisionTowerKind.Clip ? "default" : "full");
        using var original = TinyModels.Model(config);
        LlavaCheckpointWriter.Save(original, _folder.FullName, layout, storeAs, maxShardBytes: sharded ? 20_000 : null);

        using var loaded = LlavaModel.Load(_folder.FullName, ModelLoadOptions.Cpu);

        Assert.Equal(ModuleStateLoader.Describe(original).Select(p => (p.Name, string.Join(",", p.Shape))),
            ModuleStateLoader.Describe(loaded).Select(p => (p.Name, string.Join(",", p.Shape))));
        using var checkpoint = CheckpointTensors.Open(_folder.FullName);
        Assert.Equal(layout, CheckpointLayouts.Detect(checkpoint.Names));
        Assert.Equal(sharded, File.Exists(Path.Combine(_folder.FullName, "model.safetensors.index.json")));
        Assert.Equal(tie, !checkpoint.Names.Any(n => n.Contains("lm_head", StringComparison.Ordinal)));

        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var ids = randint(0, TinyModels.VocabSize, [1, 6]);
        var pixels = randn(1, 3, 28, 28);
        // fp16/bf16 storage rounds the weights; the logits move by about the rounding, not more.
        var tolerance = storeAs == ScalarType.Float32 ? 1e-5 : storeAs == ScalarType.Float16 ? 2e-2 : 1e-1;
        Assert.True(Logits(original, ids, pixels).allclose(Logits(loaded, ids, pixels), rtol: tolerance, atol: tolerance));
    }

    [Fact]
    public void CheckpointNames_FollowTheLayout()
    {
        Assert.Equal("model.language_model.layers.0.self_attn.q_proj.weight",
            CheckpointLayouts.CheckpointName("language_model.model.layers.0.self_attn.q_proj.weight", CheckpointLayout.ModelFirst));
        Assert.Equal("lm_head.weight", CheckpointLayouts.CheckpointName("language_model.lm_head.weight", CheckpointLayout.ModelFirst));
        Assert.Equal("model.vision_tower.vision_model.embeddings.patch_embedding.weight",
            CheckpointLayouts.CheckpointName("vision_tower.vision_model.embeddings.patch_embedding.weight", CheckpointLayout.ModelFirst));
        Assert.Equal("model.multi_modal_projector.linear_1.bias",
            CheckpointLayouts.CheckpointName("multi_modal_projector.linear_1.bias", CheckpointLayout.ModelFirst));
        Assert.Equal("language_model.model.norm.weight",
            CheckpointLayouts.CheckpointName("language_model.model.norm.weight", CheckpointLayout.LanguageModelFirst));
    }

    [Fact]
    public void MissingTensor_IsAnErrorNamingIt()
    {
        using var original = TinyModels.Model();
        LlavaCheckpointWriter.Save(original, _folder.FullName, CheckpointLayout.LanguageModelFirst, ScalarType.Float32);
        RewriteWithout("language_model.model.layers.1.mlp.up_proj.weight");

        var error = Assert.Throws<CheckpointException>(() => LlavaModel.Load(_folder.FullName, ModelLoadOptions.Cpu));

        Assert.Contains(error.Problems, p => p.Contains("language_model.model.layers.1.mlp.up_proj.weight", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongShape_IsAnErrorNamingTheTensorAndBothShapes()
    {
        using var original = TinyModels.Model();
        LlavaCheckpointWriter.Save(original, _folder.FullName, CheckpointLayout.ModelFirst, ScalarType.Float32);
        LlavaConfigJson.Write(TinyModels.Config() with { Text = TinyModels.Text() with { IntermediateSize = 48 } }, _folder.FullName);

        var error = Assert.Throws<CheckpointException>(() => LlavaModel.Load(_folder.FullName, ModelLoadOptions.Cpu));

        var problem = Assert.Single(error.Problems, p => p.StartsWith("model.language_model.layers.0.mlp.gate_proj.weight", StringComparison.Ordinal));
        Assert.Contains("[64, 32]", problem, StringComparison.Ordinal);
        Assert.Contains("[48, 32]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedTensor_IsAnError_ButTheSiglipHeadIsIgnored()
    {
        using var original = TinyModels.Model();
        LlavaCheckpointWriter.Save(original, _folder.FullName, CheckpointLayout.LanguageModelFirst, ScalarType.Float32);
        RewriteWith(("vision_tower.vision_model.head.probe", zeros(1, 1, 24)));
        using (LlavaModel.Load(_folder.FullName, ModelLoadOptions.Cpu))
        {
        }

        RewriteWith(("language_model.model.layers.7.mlp.up_proj.weight", zeros(2, 2)));
        var error = Assert.Throws<CheckpointException>(() => LlavaModel.Load(_folder.FullName, ModelLoadOptions.Cpu));

        Assert.Contains(error.Problems, p => p.Contains("language_model.model.layers.7.mlp.up_proj.weight", StringComparison.Ordinal));
    }

    [Fact]
    public void TruncatedWeights_AreAnErrorNamingTheFile()
    {
        using var original = TinyModels.Model();
        LlavaCheckpointWriter.Save(original, _folder.FullName, CheckpointLayout.LanguageModelFirst, ScalarType.Float32);
        var weights = Path.Combine(_folder.FullName, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<CheckpointException>(() => LlavaModel.Load(_folder.FullName, ModelLoadOptions.Cpu));

        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
    }

    private void RewriteWithout(string name) => Rewrite(tensors => tensors.Remove(name));

    private void RewriteWith((string Name, Tensor Value) extra) => Rewrite(tensors => tensors[extra.Name] = extra.Value);

    private void Rewrite(Action<Dictionary<string, Tensor>> change)
    {
        var path = Path.Combine(_folder.FullName, "model.safetensors");
        Dictionary<string, Tensor> tensors;
        using (var file = SafetensorsFile.Open(path))
        {
            tensors = file.Tensors.Keys.ToDictionary(n => n, n => file.Load(n, ScalarType.Float32, CPU));
        }

        change(tensors);
        SafetensorsWriter.Write(path, tensors);
    }
}
