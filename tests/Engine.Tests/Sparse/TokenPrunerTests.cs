using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class TokenPrunerTests
{
    private static readonly float[] SpreadSalience = [0.9f, 0.1f, 0.8f, 0.2f, 0.7f, 0.05f, 0.05f, 0.6f, 0.3f, 0.01f, 0.02f, 0.03f];

    [Fact]
    public void KeepsTheMostSalientTokensOfTheWindow_WithEveryFramesFloor()
    {
        // Frame 0 is busy (high salience everywhere), frame 1 is static (low everywhere).
        using var salience = cat([arange(10, 20, dtype: ScalarType.Float32).unsqueeze(0), arange(0, 10, dtype: ScalarType.Float32).unsqueeze(0)]) / 100; // (2, 10)

        var kept = TokenPruner.Select(salience, keepRatio: 0.5, frameFloorRatio: 0.2);

        Assert.Equal(10, kept.Sum(k => k.Length));
        Assert.Equal([8L, 9L], kept[1]);                          // the static frame keeps only its floor: its two best
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L], kept[0]);  // the rest of the budget goes to the busy frame's best
    }

    [Theory]
    [InlineData(1.0, 0.1)]
    [InlineData(0.25, 0.1)]
    [InlineData(0.1, 0.0)]
    public void KeepsTheBudget_AtLeastOneTokenPerFrame_InAscendingOrder(double keep, double floor)
    {
        using var salience = rand(6, 16);

        var kept = TokenPruner.Select(salience, keep, floor);

        Assert.Equal(Math.Max(6, (int)Math.Round(keep * 6 * 16)), kept.Sum(k => k.Length));
        Assert.All(kept, frame =>
        {
            Assert.NotEmpty(frame);
            Assert.Equal(frame.Order(), frame);
            Assert.Equal(frame.Length, frame.Distinct().Count());
        });
    }

    [Fact]
    public void TheFloorComesFirst_ThenTheGlobalBest()
    {
        using var salience = tensor(SpreadSalience).reshape(3, 4);                               // (3, 4)

        var kept = TokenPruner.Select(salience, keepRatio: 0.5, frameFloorRatio: 0);

        // Budget 6; each frame's best first (0.9, 0.7, 0.3), then the best of the rest (0.8, 0.6, 0.2).
        Assert.Equal([0L, 2L, 3L], kept[0]);
        Assert.Equal([0L, 3L], kept[1]);
        Assert.Equal([0L], kept[2]);
    }

    [Fact]
    public void RejectsSalienceThatIsNotFramesByTokens()
    {
        using var salience = rand(2, 3, 4);

        Assert.Throws<ArgumentException>(() => TokenPruner.Select(salience, 0.5, 0.1));
    }
}
