namespace SparseVila.Training.Shapes;

/// <summary>
/// Where the grid cells are, in fractions of the frame side measured from the top-left corner: the frame is
/// cut into thirds, and a cell's centre is the centre of its third in each direction, 1/6, 1/2 or 5/6.
/// </summary>
public static class GridGeometry
{
    /// <summary>The cell's column, 0 (left) to 2 (right).</summary>
    public static int Column(GridCell cell) => (int)cell % 3;

    /// <summary>The cell's row, 0 (top) to 2 (bottom).</summary>
    public static int Row(GridCell cell) => (int)cell / 3;

    /// <summary>The x of the cell's centre, as a fraction of the frame width.</summary>
    public static double CenterXRatio(GridCell cell) => (2 * Column(cell) + 1) / 6.0;

    /// <summary>The y of the cell's centre, as a fraction of the frame height (downwards).</summary>
    public static double CenterYRatio(GridCell cell) => (2 * Row(cell) + 1) / 6.0;
}
