namespace SparseVila.Training.Shapes;

/// <summary>The numbers of the public shapes task (docs/shapes-task.md), in one place.</summary>
public static class ShapesTaskLimits
{
    /// <summary>The shortest video.</summary>
    public const int MinDurationSeconds = 8;

    /// <summary>The longest video.</summary>
    public const int MaxDurationSeconds = 64;

    /// <summary>The most objects visible at one second.</summary>
    public const int MaxVisibleObjects = 3;

    /// <summary>The smallest frame side of a task video.</summary>
    public const int MinVideoSizePixels = 128;

    /// <summary>The largest frame side of a task video.</summary>
    public const int MaxVideoSizePixels = 480;

    /// <summary>The lowest frame rate of a task video; rates are whole numbers so every whole second has a frame.</summary>
    public const int MinFramesPerSecond = 2;

    /// <summary>The smallest object, as a fraction of the frame width (its bounding box side).</summary>
    public const double MinObjectSizeRatio = 0.18;

    /// <summary>The largest object, as a fraction of the frame width.</summary>
    public const double MaxObjectSizeRatio = 0.30;

    /// <summary>The most an object's centre is moved from its cell centre, per axis, as a fraction of the frame width.</summary>
    public const double MaxPositionJitterRatio = 0.06;

    /// <summary>The most a rendered object's colour differs from its nominal colour, per channel.</summary>
    public const int MaxColorJitterLevels = 15;

    /// <summary>The brightest background, per channel.</summary>
    public const int MaxBackgroundLevel = 40;
}
