namespace SparseVila.Training.Shapes;

/// <summary>
/// How one object is drawn in one video: its size, its exact colour, and its offset from the cell centre in
/// each of its two possible cells. Validated against the task's ranges on construction.
/// </summary>
public sealed record ObjectAppearance
{
    // Offsets are drawn within the limit and may be rounded by serialisation; this tolerates the rounding only.
    private const double RatioTolerance = 1e-9;

    /// <summary>Creates the appearance; throws <see cref="ArgumentOutOfRangeException"/> outside the task's ranges.</summary>
    public ObjectAppearance(double sizeRatio, Rgb color, PositionOffset firstOffset, PositionOffset movedOffset)
    {
        if (!(sizeRatio >= ShapesTaskLimits.MinObjectSizeRatio - RatioTolerance && sizeRatio <= ShapesTaskLimits.MaxObjectSizeRatio + RatioTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(sizeRatio), sizeRatio,
                $"must be {ShapesTaskLimits.MinObjectSizeRatio} to {ShapesTaskLimits.MaxObjectSizeRatio} of the frame width.");
        }

        SizeRatio = sizeRatio;
        Color = color;
        FirstOffset = Checked(firstOffset, nameof(firstOffset));
        MovedOffset = Checked(movedOffset, nameof(movedOffset));
    }

    /// <summary>The side of the object's bounding box (circle diameter, square side, triangle base and height), as a fraction of the frame width.</summary>
    public double SizeRatio { get; }

    /// <summary>The exact colour it is filled with.</summary>
    public Rgb Color { get; }

    /// <summary>Its offset while in its first cell.</summary>
    public PositionOffset FirstOffset { get; }

    /// <summary>Its offset once moved (unused by an object that never moves).</summary>
    public PositionOffset MovedOffset { get; }

    /// <summary>The offset for stretch 0 (first cell) or 1 (moved), as <see cref="ObjectTrack.StretchAt"/> numbers them.</summary>
    public PositionOffset OffsetForStretch(int stretch) => stretch == 0 ? FirstOffset : MovedOffset;

    private static PositionOffset Checked(PositionOffset offset, string parameterName)
    {
        var limit = ShapesTaskLimits.MaxPositionJitterRatio + RatioTolerance;
        return Math.Abs(offset.XRatio) <= limit && Math.Abs(offset.YRatio) <= limit
            ? offset
            : throw new ArgumentOutOfRangeException(parameterName, offset,
                $"each axis must be within ±{ShapesTaskLimits.MaxPositionJitterRatio} of the frame width.");
    }
}
