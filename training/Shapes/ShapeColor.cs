namespace SparseVila.Training.Shapes;

/// <summary>The colours of the task; their nominal values are in <see cref="ShapePalette"/>.</summary>
public enum ShapeColor
{
    /// <summary>(230, 40, 40).</summary>
    Red,

    /// <summary>(40, 200, 60).</summary>
    Green,

    /// <summary>(50, 90, 240).</summary>
    Blue,

    /// <summary>(240, 220, 40).</summary>
    Yellow,

    /// <summary>(240, 240, 240).</summary>
    White,

    /// <summary>(220, 50, 220).</summary>
    Magenta,
}
