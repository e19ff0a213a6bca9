using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

/// <summary>
/// The task's rules written again, straight from docs/shapes-task.md and the tracks' fields, without the
/// production helpers (<see cref="Scene.VisibleAt"/>, <see cref="ObjectTrack.CellAt"/>, <see cref="ShapesVocabulary"/>),
/// so that tests compare two independent readings of the spec.
/// </summary>
internal static class SceneOracle
{
    public static readonly Dictionary<string, ShapeKind> Shapes = new()
    {
        ["circle"] = ShapeKind.Circle, ["square"] = ShapeKind.Square, ["triangle"] = ShapeKind.Triangle,
    };

    public static readonly Dictionary<string, ShapeColor> Colors = new()
    {
        ["red"] = ShapeColor.Red, ["green"] = ShapeColor.Green, ["blue"] = ShapeColor.Blue,
        ["yellow"] = ShapeColor.Yellow, ["white"] = ShapeColor.White, ["magenta"] = ShapeColor.Magenta,
    };

    public static readonly Dictionary<string, GridCell> Positions = new()
    {
        ["top left"] = GridCell.TopLeft, ["top"] = GridCell.Top, ["top right"] = GridCell.TopRight,
        ["left"] = GridCell.Left, ["center"] = GridCell.Center, ["right"] = GridCell.Right,
        ["bottom left"] = GridCell.BottomLeft, ["bottom"] = GridCell.Bottom, ["bottom right"] = GridCell.BottomRight,
    };

    public static readonly string[] Counts = ["zero", "one", "two", "three"];

    public static bool Visible(ObjectTrack o, int second) => o.AppearSecond <= second && second < o.DisappearSecond;

    public static GridCell Cell(ObjectTrack o, int second) => o.MoveSecond is { } move && second >= move ? o.MovedToCell!.Value : o.FirstCell;

    public static List<ObjectTrack> VisibleAt(Scene scene, int second) => [.. scene.Objects.Where(o => Visible(o, second))];

    public static string Word<T>(Dictionary<string, T> words, T value)
        where T : struct, Enum => words.Single(w => w.Value.Equals(value)).Key;

    /// <summary>The centre of <paramref name="cell"/>, fractions of the side: thirds of the frame, centre of each third.</summary>
    public static (double X, double Y) CellCenter(GridCell cell) => (((int)cell % 3 * 2 + 1) / 6.0, ((int)cell / 3 * 2 + 1) / 6.0);

    /// <summary>The centre of the drawn box: cell centre plus offset, pushed back inside the frame.</summary>
    public static (double X, double Y) BoxCenter(ObjectTrack o, ObjectAppearance a, int second)
    {
        var (x, y) = CellCenter(Cell(o, second));
        var offset = o.MoveSecond is { } move && second >= move ? a.MovedOffset : a.FirstOffset;
        var half = a.SizeRatio / 2;
        return (Math.Clamp(x + offset.XRatio, half, 1 - half), Math.Clamp(y + offset.YRatio, half, 1 - half));
    }
}
