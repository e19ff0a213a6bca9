namespace SparseVila.Training.Shapes;

/// <summary>A colour as 8-bit red, green and blue.</summary>
public readonly record struct Rgb(byte R, byte G, byte B);
