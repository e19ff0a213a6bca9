namespace SparseVila.Training.Shapes;

/// <summary>The nominal colour of each <see cref="ShapeColor"/>; a rendered object is within ±15 of it per channel.</summary>
public static class ShapePalette
{
    /// <summary>The nominal red, green and blue of <paramref name="color"/>.</summary>
    public static Rgb Nominal(ShapeColor color) => color switch
    {
        ShapeColor.Red => new Rgb(230, 40, 40),
        ShapeColor.Green => new Rgb(40, 200, 60),
        ShapeColor.Blue => new Rgb(50, 90, 240),
        ShapeColor.Yellow => new Rgb(240, 220, 40),
        ShapeColor.White => new Rgb(240, 240, 240),
        ShapeColor.Magenta => new Rgb(220, 50, 220),
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, "not a colour of the shapes task."),
    };
}
