using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class RenderStyleGeneratorTests
{
    private const int SeedCount = 300;

    [Fact]
    public void Styles_StayWithinTheTasksRanges_AndNeverOverlapObjects()
    {
        for (var seed = 0; seed < SeedCount; seed++)
        {
            var scene = TestScenes.Generated(seed);
            var style = RenderStyleGenerator.Generate(scene, new Random(seed));

            Assert.Equal(scene.Objects.Count, style.Objects.Count);
            foreach (var background in new[] { style.BackgroundTop, style.BackgroundBottom })
            {
                Assert.True(background.R <= 40 && background.G <= 40 && background.B <= 40, $"seed {seed}: background {background}");
            }

            foreach (var o in scene.Objects)
            {
                var a = style.Objects[o.Id];
                Assert.InRange(a.SizeRatio, 0.18, 0.30);
                Pixels.AssertNear(ShapePalette.Nominal(o.Color), a.Color, tolerance: 15);
                Assert.All(new[] { a.FirstOffset.XRatio, a.FirstOffset.YRatio, a.MovedOffset.XRatio, a.MovedOffset.YRatio }, r => Assert.InRange(r, -0.06, 0.06));
            }

            for (var second = 0; second < scene.DurationSeconds; second++)
            {
                var boxes = SceneOracle.VisibleAt(scene, second)
                    .Select(o => (Center: SceneOracle.BoxCenter(o, style.Objects[o.Id], second), Size: style.Objects[o.Id].SizeRatio)).ToList();
                foreach (var box in boxes)
                {
                    Assert.InRange(box.Center.X - box.Size / 2, -1e-12, 1);
                    Assert.InRange(box.Center.X + box.Size / 2, 0, 1 + 1e-12);
                    Assert.InRange(box.Center.Y - box.Size / 2, -1e-12, 1);
                    Assert.InRange(box.Center.Y + box.Size / 2, 0, 1 + 1e-12);
                }

                for (var i = 0; i < boxes.Count; i++)
                {
                    for (var j = i + 1; j < boxes.Count; j++)
                    {
                        var apart = Math.Abs(boxes[i].Center.X - boxes[j].Center.X) >= (boxes[i].Size + boxes[j].Size) / 2 ||
                                    Math.Abs(boxes[i].Center.Y - boxes[j].Center.Y) >= (boxes[i].Size + boxes[j].Size) / 2;
                        Assert.True(apart, $"seed {seed}: two boxes overlap at {second} s");
                    }
                }
            }
        }
    }

    [Fact]
    public void Styles_UseBothEdgeModes_AndRealJitter()
    {
        var styles = Enumerable.Range(0, 100).Select(seed => RenderStyleGenerator.Generate(TestScenes.Generated(seed), new Random(seed))).ToList();

        Assert.Contains(styles, s => s.IsAntiAliased);
        Assert.Contains(styles, s => !s.IsAntiAliased);
        Assert.Contains(styles, s => s.Objects.Any(o => Math.Abs(o.FirstOffset.XRatio) > 0.04));
        Assert.Contains(styles, s => s.Objects.Any(o => o.SizeRatio < 0.2));
        Assert.Contains(styles, s => s.Objects.Any(o => o.SizeRatio > 0.28));
    }

    [Fact]
    public void SameSeed_GivesTheSameStyle()
    {
        var scene = TestScenes.Generated(77);

        Assert.Equal(RenderStyleGenerator.Generate(scene, new Random(5)), RenderStyleGenerator.Generate(scene, new Random(5)));
        Assert.NotEqual(RenderStyleGenerator.Generate(scene, new Random(5)), RenderStyleGenerator.Generate(scene, new Random(6)));
    }

    [Fact]
    public void GeneratedFrames_ShowEachVisibleObjectsColour_AtItsBoxCentre()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var scene = TestScenes.Generated(seed, maxSeconds: 16);
            var style = RenderStyleGenerator.Generate(scene, new Random(seed));
            for (var second = 0; second < scene.DurationSeconds; second++)
            {
                var frame = FrameRenderer.Render(scene, style, second, 160);
                foreach (var o in SceneOracle.VisibleAt(scene, second))
                {
                    var (x, y) = SceneOracle.BoxCenter(o, style.Objects[o.Id], second);
                    // A little below the centre, so the point is inside a triangle too.
                    Assert.Equal(style.Objects[o.Id].Color, Pixels.AtRatio(frame, 160, (x, y + 0.03)));
                }
            }
        }
    }
}
