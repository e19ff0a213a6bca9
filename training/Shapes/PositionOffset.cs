namespace SparseVila.Training.Shapes;

/// <summary>How far an object's centre sits from its cell's centre, as fractions of the frame width (x right, y down).</summary>
public readonly record struct PositionOffset(double XRatio, double YRatio);
