using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

/// <summary>Hand-made scenes and styles with known geometry, and seeded generated ones.</summary>
internal static class TestScenes
{
    public static readonly Rgb Background = new(10, 20, 30);

    /// <summary>One object for the whole of an 8 s video.</summary>
    public static Scene Single(ShapeKind shape, ShapeColor color, GridCell cell) =>
        new(8, [new ObjectTrack(0, shape, color, 0, 8, cell)]);

    /// <summary>A flat background and given appearances.</summary>
    public static RenderStyle Style(int supersamplingFactor, params ObjectAppearance[] objects) =>
        new(Background, Background, supersamplingFactor, objects);

    /// <summary>An appearance with the nominal colour and the same offset in both cells.</summary>
    public static ObjectAppearance Appearance(ShapeColor color, double sizeRatio, double dx = 0, double dy = 0) =>
        new(sizeRatio, ShapePalette.Nominal(color), new PositionOffset(dx, dy), new PositionOffset(dx, dy));

    /// <summary>
    /// A 10 s scene: a red circle at the top left from 1 s to 6 s that moves to the center at 4 s; a blue square at
    /// the right from 2 s to 10 s; a green triangle at the bottom from 3 s to 5 s.
    /// </summary>
    public static Scene ThreeObjects() => new(10,
    [
        new ObjectTrack(0, ShapeKind.Circle, ShapeColor.Red, 1, 6, GridCell.TopLeft, 4, GridCell.Center),
        new ObjectTrack(1, ShapeKind.Square, ShapeColor.Blue, 2, 10, GridCell.Right),
        new ObjectTrack(2, ShapeKind.Triangle, ShapeColor.Green, 3, 5, GridCell.Bottom),
    ]);

    public static Scene Generated(int seed, int minSeconds = 8, int maxSeconds = 64) =>
        new SceneGenerator(new SceneGeneratorOptions { MinDurationSeconds = minSeconds, MaxDurationSeconds = maxSeconds }).Generate(new Random(seed));
}
