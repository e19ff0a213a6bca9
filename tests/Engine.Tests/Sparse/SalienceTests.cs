using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Tests.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class SalienceTests
{
    [Fact]
    public void Siglip_MeanReceivedAttention_SumsToOnePerFrame()
    {
        using var model = TinyModels.Model(TinyModels.Config(VisionTowerKind.Siglip, strategy: "full"));
        using var scope = NewDisposeScope();
        using var inference = no_grad();

        var (features, salience) = model.EncodeFramesWithSalience(randn(3, 3, 28, 28));

        Assert.Equal([3L, 16L, 24L], features.shape);
        Assert.Equal([3L, 16L], salience.shape);
        Assert.True(salience.sum(1).allclose(ones(3), rtol: 1e-4, atol: 1e-5));
        Assert.True((salience >= 0).all().item<bool>());
    }

    [Fact]
    public void Clip_ClassAttentionOverPatches_SumsToLessThanOne_AndMatchesTheTowerFeatures()
    {
        using var model = TinyModels.Model(TinyModels.Config(VisionTowerKind.Clip, strategy: "default"));
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var pixels = randn(2, 3, 28, 28);

        var (features, salience) = model.EncodeFramesWithSalience(pixels);

        Assert.Equal([2L, 16L], salience.shape);
        Assert.True((salience.sum(1) < 1).all().item<bool>(), "The [CLS] token's attention to itself is not a patch's salience.");
        Assert.True(model.Project(features).allclose(model.EncodeFrames(pixels), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Clip_KeptClassToken_IsNeverPrunedFirst()
    {
        using var model = TinyModels.Model(TinyModels.Config(VisionTowerKind.Clip, strategy: "full"));
        using var scope = NewDisposeScope();
        using var inference = no_grad();

        var (_, salience) = model.EncodeFramesWithSalience(randn(1, 3, 28, 28));

        Assert.Equal(17, salience.shape[1]);
        Assert.Equal(0L, salience[0].argmax().item<long>());
    }

    [Fact]
    public void Salience_OfAFrame_DoesNotDependOnTheOtherFramesInItsBatch()
    {
        using var model = TinyModels.Model(TinyModels.Config(VisionTowerKind.Siglip, strategy: "full"));
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var pixels = randn(3, 3, 28, 28);

        var together = model.EncodeFramesWithSalience(pixels).Salience;
        var alone = model.EncodeFramesWithSalience(pixels[2..3]).Salience;

        Assert.True(together[2..3].allclose(alone, rtol: 1e-4, atol: 1e-6));
    }
}
