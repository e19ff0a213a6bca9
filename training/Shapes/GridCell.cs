namespace SparseVila.Training.Shapes;

/// <summary>
/// A cell of the 3 × 3 grid that divides the frame, in reading order: the value is row · 3 + column,
/// row 0 at the top, column 0 at the left. Spoken as <see cref="ShapesVocabulary.Word(GridCell)"/>.
/// </summary>
public enum GridCell
{
    /// <summary>Row 0, column 0: "top left".</summary>
    TopLeft,

    /// <summary>Row 0, column 1: "top".</summary>
    Top,

    /// <summary>Row 0, column 2: "top right".</summary>
    TopRight,

    /// <summary>Row 1, column 0: "left".</summary>
    Left,

    /// <summary>Row 1, column 1: "center".</summary>
    Center,

    /// <summary>Row 1, column 2: "right".</summary>
    Right,

    /// <summary>Row 2, column 0: "bottom left".</summary>
    BottomLeft,

    /// <summary>Row 2, column 1: "bottom".</summary>
    Bottom,

    /// <summary>Row 2, column 2: "bottom right".</summary>
    BottomRight,
}
