namespace SparseVila.Training.Shapes;

/// <summary>The shapes of the task. Spoken as <see cref="ShapesVocabulary.Word(ShapeKind)"/>: circle, square, triangle.</summary>
public enum ShapeKind
{
    /// <summary>A disc whose diameter is the object's size.</summary>
    Circle,

    /// <summary>An axis-aligned square whose side is the object's size.</summary>
    Square,

    /// <summary>An upward-pointing triangle whose base and height are the object's size.</summary>
    Triangle,
}
