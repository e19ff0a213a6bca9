using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class TokenDistinctivenessTests
{
    /// <summary>Two frames of four patches: all background ([1, 0, 0]) but one object patch ([0, 1, 0]) in frame 1.</summary>
    private static Tensor BackgroundWithOneObject()
    {
        var features = zeros(2, 4, 3);
        features[.., .., 0] = 1;
        features[1, 2] = tensor(new float[] { 0, 1, 0 });
        return features;
    }

    [Fact]
    public void AnObjectPatch_ScoresHighest_AndBackgroundScoresNearZero()
    {
        using var scope = NewDisposeScope();

        var scores = TokenDistinctiveness.Score(BackgroundWithOneObject(), summaryTokens: 0);

        Assert.Equal([2L, 4L], scores.shape);
        Assert.Equal(1 * 4 + 2, scores.flatten().argmax().item<long>());
        Assert.True((scores.flatten()[..6] < 0.02).all().item<bool>(), "background patches sit next to the window's mean");
        Assert.True(scores[1, 2].item<float>() > 0.8f);
    }

    [Fact]
    public void Pruning_ByDistinctiveness_KeepsTheObjectPatch_AtTheFloor()
    {
        using var scope = NewDisposeScope();

        var kept = TokenPruner.Select(TokenDistinctiveness.Score(BackgroundWithOneObject(), summaryTokens: 0), keepRatio: 0.25, frameFloorRatio: 0.25);

        Assert.Equal([2L], kept[1]);
    }

    [Fact]
    public void SummaryTokens_ScoreAboveEveryPatch_AndDoNotMoveTheMean()
    {
        using var scope = NewDisposeScope();
        var features = BackgroundWithOneObject();
        var withSummary = cat([full(2, 1, 3, 5f), features], 1);                                   // (2, 5, 3): a [CLS] first

        var scores = TokenDistinctiveness.Score(withSummary, summaryTokens: 1);

        Assert.True((scores[.., 0] == TokenDistinctiveness.SummaryScore).all().item<bool>());
        Assert.True(scores[.., 1..].allclose(TokenDistinctiveness.Score(features, summaryTokens: 0), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Score_RefusesFeaturesNotOfAWindow_AndFramesWithNoPatch()
    {
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => TokenDistinctiveness.Score(zeros(4, 3), summaryTokens: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenDistinctiveness.Score(zeros(2, 1, 3), summaryTokens: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenDistinctiveness.Score(zeros(2, 4, 3), summaryTokens: -1));
    }

    [Fact]
    public void Options_RefuseAnUnknownPruningScore()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new VisualContextOptions { PruningScore = (PruningScore)7 }.Validate());

        Assert.Equal(nameof(VisualContextOptions.PruningScore), exception.ParamName);
    }
}
