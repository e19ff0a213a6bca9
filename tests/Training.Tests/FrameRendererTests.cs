using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class FrameRendererTests
{
    private const int SizePixels = 240;
    private const double SizeRatio = 0.25;

    [Theory]
    [InlineData(ShapeKind.Square, 1)]
    [InlineData(ShapeKind.Square, 4)]
    [InlineData(ShapeKind.Circle, 1)]
    [InlineData(ShapeKind.Circle, 4)]
    [InlineData(ShapeKind.Triangle, 1)]
    [InlineData(ShapeKind.Triangle, 4)]
    public void AnObject_HasItsColourAtItsCellCentre_BackgroundElsewhere_AndItsArea(ShapeKind shape, int supersamplingFactor)
    {
        var scene = TestScenes.Single(shape, ShapeColor.Yellow, GridCell.Center);
        var style = TestScenes.Style(supersamplingFactor, TestScenes.Appearance(ShapeColor.Yellow, SizeRatio));
        var yellow = ShapePalette.Nominal(ShapeColor.Yellow);

        var frame = FrameRenderer.Render(scene, style, second: 3, SizePixels);

        Assert.Equal(yellow, Pixels.AtRatio(frame, SizePixels, (0.5, 0.55)));
        Assert.Equal(TestScenes.Background, Pixels.At(frame, SizePixels, 0, 0));
        Assert.Equal(TestScenes.Background, Pixels.AtRatio(frame, SizePixels, (0.5, 0.2)));
        // Pixels closer to the object's colour than to the background: the shape's area, within a row of pixels.
        var covered = Pixels.All(frame, SizePixels).Count(p => Pixels.MaxChannelDifference(p.Color, yellow) < Pixels.MaxChannelDifference(p.Color, TestScenes.Background));
        var expectedArea = shape switch
        {
            ShapeKind.Square => SizeRatio * SizeRatio,
            ShapeKind.Circle => Math.PI / 4 * SizeRatio * SizeRatio,
            _ => SizeRatio * SizeRatio / 2,
        };
        Assert.Equal(expectedArea, (double)covered / (SizePixels * SizePixels), 0.004);
    }

    [Fact]
    public void Aliased_DrawsOnlyTwoColours_AntiAliased_BlendsEdgesBetweenThem()
    {
        var scene = TestScenes.Single(ShapeKind.Circle, ShapeColor.Magenta, GridCell.Center);
        var magenta = ShapePalette.Nominal(ShapeColor.Magenta);

        var aliased = FrameRenderer.Render(scene, TestScenes.Style(1, TestScenes.Appearance(ShapeColor.Magenta, SizeRatio)), 0, SizePixels);
        var smooth = FrameRenderer.Render(scene, TestScenes.Style(4, TestScenes.Appearance(ShapeColor.Magenta, SizeRatio)), 0, SizePixels);

        Assert.Equal([TestScenes.Background, magenta], Pixels.All(aliased, SizePixels).Select(p => p.Color).Distinct().OrderBy(c => c.R));
        var smoothColours = Pixels.All(smooth, SizePixels).Select(p => p.Color).Distinct().ToList();
        Assert.True(smoothColours.Count > 5, $"only {smoothColours.Count} colours in the anti-aliased frame");
        // Every blend lies between the two colours in each channel.
        Assert.All(smoothColours, c =>
        {
            Assert.InRange(c.R, TestScenes.Background.R, magenta.R);
            Assert.InRange(c.G, TestScenes.Background.G, magenta.G);
            Assert.InRange(c.B, TestScenes.Background.B, magenta.B);
        });
    }

    [Fact]
    public void Offsets_MoveTheObjectsCentroid_ByTheirFractionOfTheWidth()
    {
        var scene = TestScenes.Single(ShapeKind.Square, ShapeColor.Green, GridCell.Right);
        var style = TestScenes.Style(1, TestScenes.Appearance(ShapeColor.Green, 0.2, dx: -0.05, dy: 0.04));

        var frame = FrameRenderer.Render(scene, style, 0, SizePixels);

        var green = Pixels.All(frame, SizePixels).Where(p => p.Color == ShapePalette.Nominal(ShapeColor.Green)).ToList();
        // Pixel x covers [x, x + 1): its centre is x + 0.5.
        Assert.Equal((5 / 6.0 - 0.05) * SizePixels, green.Average(p => p.X + 0.5), 0.6);
        Assert.Equal((0.5 + 0.04) * SizePixels, green.Average(p => p.Y + 0.5), 0.6);
    }

    [Fact]
    public void AnObjectPushedPastTheEdge_StaysWholeInsideTheFrame()
    {
        var scene = TestScenes.Single(ShapeKind.Square, ShapeColor.White, GridCell.TopLeft);
        var style = TestScenes.Style(1, TestScenes.Appearance(ShapeColor.White, 0.30, dx: -0.06, dy: -0.06));

        var frame = FrameRenderer.Render(scene, style, 0, SizePixels);

        var white = Pixels.All(frame, SizePixels).Where(p => p.Color == ShapePalette.Nominal(ShapeColor.White)).ToList();
        Assert.Equal(0, white.Min(p => p.X));
        Assert.Equal(0, white.Min(p => p.Y));
        Assert.Equal(0.30 * 0.30, (double)white.Count / (SizePixels * SizePixels), 0.003);
    }

    [Fact]
    public void Triangles_PointUp()
    {
        var scene = TestScenes.Single(ShapeKind.Triangle, ShapeColor.Red, GridCell.Center);
        var frame = FrameRenderer.Render(scene, TestScenes.Style(1, TestScenes.Appearance(ShapeColor.Red, SizeRatio)), 0, SizePixels);

        var red = Pixels.All(frame, SizePixels).Where(p => p.Color == ShapePalette.Nominal(ShapeColor.Red)).ToList();
        var topRow = red.Min(p => p.Y);
        var bottomRow = red.Max(p => p.Y);
        Assert.True(red.Count(p => p.Y == topRow) <= 3, "the top row should be the apex");
        Assert.True(red.Count(p => p.Y == bottomRow) >= SizeRatio * SizePixels - 2, "the bottom row should be the full base");
    }

    [Fact]
    public void TheFrameOfASecond_ShowsThatSecondsObjects_InThatSecondsCells()
    {
        var scene = TestScenes.ThreeObjects();
        var style = TestScenes.Style(4,
            TestScenes.Appearance(ShapeColor.Red, 0.2), TestScenes.Appearance(ShapeColor.Blue, 0.2), TestScenes.Appearance(ShapeColor.Green, 0.2));

        for (var second = 0; second < scene.DurationSeconds; second++)
        {
            var frame = FrameRenderer.Render(scene, style, second, SizePixels);
            foreach (var cell in Enum.GetValues<GridCell>())
            {
                var here = SceneOracle.VisibleAt(scene, second).SingleOrDefault(o => SceneOracle.Cell(o, second) == cell);
                var expected = here is null ? TestScenes.Background : ShapePalette.Nominal(here.Color);
                // Just below the centre, where even a triangle is filled.
                Assert.Equal(expected, Pixels.AtRatio(frame, SizePixels, (SceneOracle.CellCenter(cell).X, SceneOracle.CellCenter(cell).Y + 0.03)));
            }
        }
    }

    [Fact]
    public void TheBackground_BlendsFromTopColourToBottomColour()
    {
        var scene = new Scene(8, []);
        var style = new RenderStyle(new Rgb(0, 40, 10), new Rgb(40, 0, 10), 1, []);

        var frame = FrameRenderer.Render(scene, style, 0, 200);

        Pixels.AssertNear(new Rgb(0, 40, 10), Pixels.At(frame, 200, 7, 0), tolerance: 1);
        Pixels.AssertNear(new Rgb(20, 20, 10), Pixels.At(frame, 200, 150, 100), tolerance: 1);
        Pixels.AssertNear(new Rgb(40, 0, 10), Pixels.At(frame, 200, 199, 199), tolerance: 1);
    }

    [Fact]
    public void BadArguments_AreRefused()
    {
        var scene = TestScenes.Single(ShapeKind.Square, ShapeColor.Red, GridCell.Center);
        var style = TestScenes.Style(1, TestScenes.Appearance(ShapeColor.Red, SizeRatio));

        Assert.Throws<ArgumentOutOfRangeException>(() => FrameRenderer.Render(scene, style, 8, SizePixels));
        Assert.Throws<ArgumentException>(() => FrameRenderer.Render(scene, TestScenes.Style(1), 0, SizePixels));
        Assert.Throws<ArgumentException>(() => FrameRenderer.Render(scene, style, 0, SizePixels, new byte[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestScenes.Appearance(ShapeColor.Red, 0.35));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestScenes.Appearance(ShapeColor.Red, 0.2, dx: 0.07));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderStyle(new Rgb(41, 0, 0), default, 1, []));
    }
}
