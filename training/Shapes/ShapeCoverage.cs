namespace SparseVila.Training.Shapes;

/// <summary>Whether a point lies inside a shape, given the point's offset from the shape's centre and half the box side.</summary>
internal static class ShapeCoverage
{
    public static bool Contains(ShapeKind shape, double dx, double dy, double half) => shape switch
    {
        ShapeKind.Circle => dx * dx + dy * dy <= half * half,
        ShapeKind.Square => Math.Abs(dx) <= half && Math.Abs(dy) <= half,
        // Apex at (0, -half), base from (-half, +half) to (+half, +half): the half-width grows from 0 to half going down.
        ShapeKind.Triangle => dy <= half && Math.Abs(dx) <= (dy + half) / 2,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "not a shape of the task."),
    };
}
