using SparseVila.Engine.Model.Config;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Model;

public sealed class VisionTowerTests
{
    [Theory]
    [InlineData(VisionTowerKind.Clip, "default", 16)]
    [InlineData(VisionTowerKind.Clip, "full", 17)]
    [InlineData(VisionTowerKind.Siglip, "full", 16)]
    public void EncodeFrames_GivesOneEmbeddingPerVisualToken(VisionTowerKind kind, string strategy, int tokensPerFrame)
    {
        using var model = TinyModels.Model(TinyModels.Config(kind, strategy: strategy));
        using var scope = NewDisposeScope();
        using var inference = no_grad();

        var embeddings = model.EncodeFrames(randn(3, 3, 28, 28));

        Assert.Equal([3L, tokensPerFrame, 32L], embeddings.shape);
        Assert.False(embeddings.isnan().any().item<bool>());
    }

    [Fact]
    public void FeatureLayer_ChoosesWhichHiddenStatesAreProjected()
    {
        using var model = TinyModels.Model(TinyModels.Config(featureLayer: -1));
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var pixels = randn(1, 3, 28, 28);

        var last = model.Vision.HiddenStates(pixels, 3);
        var secondToLast = model.Vision.HiddenStates(pixels, 2);
        var again = model.Vision.HiddenStates(pixels, 2);

        Assert.False(last.allclose(secondToLast));
        Assert.True(secondToLast.allclose(again, rtol: 0, atol: 0));
    }

    [Fact]
    public void FramesFromEachOther_AreEncodedIndependently()
    {
        using var model = TinyModels.Model();
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var pixels = randn(2, 3, 28, 28);

        var together = model.EncodeFrames(pixels);
        var alone = model.EncodeFrames(pixels[1..2]);

        Assert.True(together[1..2].allclose(alone, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void WrongResolution_IsRejectedWithTheExpectedShape()
    {
        using var model = TinyModels.Model();
        using var pixels = randn(1, 3, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => model.EncodeFrames(pixels));

        Assert.Contains("(N, 3, 28, 28)", error.Message, StringComparison.Ordinal);
    }
}
