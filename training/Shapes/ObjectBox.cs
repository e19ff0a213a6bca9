namespace SparseVila.Training.Shapes;

/// <summary>
/// Where an object is drawn at one second: its centre and bounding-box side, as fractions of the frame side.
/// The centre is its cell's centre plus its offset, then moved (towards the cell centre) just enough to keep the
/// whole box inside the frame.
/// </summary>
public readonly record struct ObjectBox(double CenterXRatio, double CenterYRatio, double SizeRatio)
{
    /// <summary>The box of <paramref name="track"/> drawn with <paramref name="appearance"/> at <paramref name="second"/>, when it is visible.</summary>
    public static ObjectBox Of(ObjectTrack track, ObjectAppearance appearance, int second)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(appearance);
        var cell = track.CellAt(second);
        var offset = appearance.OffsetForStretch(track.StretchAt(second));
        var half = appearance.SizeRatio / 2;
        return new ObjectBox(
            Math.Clamp(GridGeometry.CenterXRatio(cell) + offset.XRatio, half, 1 - half),
            Math.Clamp(GridGeometry.CenterYRatio(cell) + offset.YRatio, half, 1 - half),
            appearance.SizeRatio);
    }

    /// <summary>Whether the two boxes share any area (touching edges do not count).</summary>
    public bool Overlaps(ObjectBox other) =>
        Math.Abs(CenterXRatio - other.CenterXRatio) < (SizeRatio + other.SizeRatio) / 2 &&
        Math.Abs(CenterYRatio - other.CenterYRatio) < (SizeRatio + other.SizeRatio) / 2;
}
