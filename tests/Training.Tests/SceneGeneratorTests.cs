using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class SceneGeneratorTests
{
    private const int SeedCount = 400;

    [Fact]
    public void GeneratedScenes_KeepEveryTimelineRule_OverManySeeds()
    {
        for (var seed = 0; seed < SeedCount; seed++)
        {
            var scene = TestScenes.Generated(seed);

            Assert.InRange(scene.DurationSeconds, 8, 64);
            Assert.NotEmpty(scene.Objects);
            for (var i = 0; i < scene.Objects.Count; i++)
            {
                var o = scene.Objects[i];
                Assert.Equal(i, o.Id);
                Assert.True(o.AppearSecond >= 0 && o.AppearSecond < o.DisappearSecond && o.DisappearSecond <= scene.DurationSeconds, $"seed {seed}: object {i} lives {o.AppearSecond}..{o.DisappearSecond}");
                if (o.MoveSecond is { } move)
                {
                    // One move at most is structural (one move second); it lies strictly inside the life, to another cell.
                    Assert.InRange(move, o.AppearSecond + 1, o.DisappearSecond - 1);
                    Assert.NotEqual(o.FirstCell, o.MovedToCell);
                }
                else
                {
                    Assert.Null(o.MovedToCell);
                }

                if (i > 0)
                {
                    Assert.True(scene.Objects[i - 1].AppearSecond <= o.AppearSecond, $"seed {seed}: ids are not in order of appearance");
                }
            }

            for (var second = 0; second < scene.DurationSeconds; second++)
            {
                var visible = SceneOracle.VisibleAt(scene, second);
                Assert.InRange(visible.Count, 0, 3);
                var cells = visible.Select(o => SceneOracle.Cell(o, second)).ToList();
                Assert.True(cells.Distinct().Count() == cells.Count, $"seed {seed}: two objects share a cell at {second} s");
            }
        }
    }

    [Fact]
    public void GeneratedScenes_CoverTheTasksVariety()
    {
        var scenes = Enumerable.Range(0, SeedCount).Select(seed => TestScenes.Generated(seed)).ToList();
        var visibleCounts = scenes.SelectMany(s => Enumerable.Range(0, s.DurationSeconds).Select(t => SceneOracle.VisibleAt(s, t).Count)).ToHashSet();

        Assert.Equal([0, 1, 2, 3], visibleCounts.Order());
        Assert.Contains(scenes, s => s.Objects.Any(o => o.MoveSecond is not null));
        Assert.Contains(scenes, s => s.Objects.Any(o => o.MoveSecond is null));
        Assert.Contains(scenes, s => s.Objects.GroupBy(o => (o.Color, o.Shape)).Any(g => g.Count() > 1));
        Assert.Equal(Enum.GetValues<GridCell>().Length, scenes.SelectMany(s => s.Objects).Select(o => o.FirstCell).Distinct().Count());
        Assert.Equal(18, scenes.SelectMany(s => s.Objects).Select(o => (o.Color, o.Shape)).Distinct().Count());
    }

    [Fact]
    public void Durations_StayWithinTheConfiguredRange_AndReachBothEnds()
    {
        var durations = Enumerable.Range(0, 200).Select(seed => TestScenes.Generated(seed, minSeconds: 8, maxSeconds: 10).DurationSeconds).ToHashSet();

        Assert.Equal([8, 9, 10], durations.Order());
        Assert.All(Enumerable.Range(0, 20), seed => Assert.Equal(64, TestScenes.Generated(seed, minSeconds: 64, maxSeconds: 64).DurationSeconds));
    }

    [Fact]
    public void SameSeed_GivesTheSameScene_AndOtherSeedsOtherScenes()
    {
        Assert.Equal(TestScenes.Generated(1234), TestScenes.Generated(1234));
        Assert.Equal(ShapesJson.Serialize(TestScenes.Generated(1234)), ShapesJson.Serialize(TestScenes.Generated(1234)));
        var distinct = Enumerable.Range(0, 50).Select(seed => ShapesJson.Serialize(TestScenes.Generated(seed))).Distinct().Count();
        Assert.Equal(50, distinct);
    }

    [Theory]
    [InlineData(7, 10)]
    [InlineData(8, 65)]
    [InlineData(20, 10)]
    public void Options_OutsideTheTaskOrInverted_AreRefused(int minSeconds, int maxSeconds)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            new SceneGenerator(new SceneGeneratorOptions { MinDurationSeconds = minSeconds, MaxDurationSeconds = maxSeconds }));
    }
}
