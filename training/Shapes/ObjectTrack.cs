namespace SparseVila.Training.Shapes;

/// <summary>
/// One object's life in a video: visible at every whole second from <see cref="AppearSecond"/> up to, not
/// including, <see cref="DisappearSecond"/>; in <see cref="FirstCell"/> until <see cref="MoveSecond"/>, if it
/// moves, and in <see cref="MovedToCell"/> from then on. An object moves at most once. All events are at
/// whole seconds, and the state at second t holds for the whole interval [t, t + 1).
/// </summary>
public sealed record ObjectTrack
{
    /// <summary>Creates a track; throws <see cref="InvalidSceneException"/> for a timeline the task does not allow.</summary>
    public ObjectTrack(
        int id, ShapeKind shape, ShapeColor color, int appearSecond, int disappearSecond, GridCell firstCell,
        int? moveSecond = null, GridCell? movedToCell = null)
    {
        Require(id >= 0, $"object id {id} is negative.");
        Require(Enum.IsDefined(shape) && Enum.IsDefined(color) && Enum.IsDefined(firstCell), $"object {id} has an unknown shape, colour or cell.");
        Require(appearSecond >= 0 && appearSecond < disappearSecond,
            $"object {id} appears at {appearSecond} s and disappears at {disappearSecond} s; it must appear at 0 s or later and before it disappears.");
        Require(moveSecond.HasValue == movedToCell.HasValue, $"object {id} has a move second without a cell, or a cell without a second.");
        if (moveSecond is { } move && movedToCell is { } target)
        {
            Require(move > appearSecond && move < disappearSecond,
                $"object {id} moves at {move} s, outside its visible seconds {appearSecond} to {disappearSecond - 1}.");
            Require(Enum.IsDefined(target) && target != firstCell, $"object {id} moves from {firstCell} to {target}: it must move to another cell.");
        }

        Id = id;
        Shape = shape;
        Color = color;
        AppearSecond = appearSecond;
        DisappearSecond = disappearSecond;
        FirstCell = firstCell;
        MoveSecond = moveSecond;
        MovedToCell = movedToCell;
    }

    /// <summary>The object's index in its scene.</summary>
    public int Id { get; }

    /// <summary>Its shape.</summary>
    public ShapeKind Shape { get; }

    /// <summary>Its colour name.</summary>
    public ShapeColor Color { get; }

    /// <summary>The first whole second at which it is visible.</summary>
    public int AppearSecond { get; }

    /// <summary>The first whole second at which it is no longer visible (the video's duration if it stays to the end).</summary>
    public int DisappearSecond { get; }

    /// <summary>The cell it appears in.</summary>
    public GridCell FirstCell { get; }

    /// <summary>The whole second from which it is in <see cref="MovedToCell"/>; null if it never moves.</summary>
    public int? MoveSecond { get; }

    /// <summary>The cell it moves to; null if it never moves.</summary>
    public GridCell? MovedToCell { get; }

    /// <summary>Whether the object is visible in the frame displayed at whole second <paramref name="second"/>.</summary>
    public bool IsVisibleAt(int second) => second >= AppearSecond && second < DisappearSecond;

    /// <summary>0 while in <see cref="FirstCell"/>, 1 once moved: which stretch of its life <paramref name="second"/> falls in.</summary>
    public int StretchAt(int second) => MoveSecond is { } move && second >= move ? 1 : 0;

    /// <summary>The cell it occupies at <paramref name="second"/>; throws if it is not visible then.</summary>
    public GridCell CellAt(int second)
    {
        if (!IsVisibleAt(second))
        {
            throw new ArgumentOutOfRangeException(nameof(second), second, $"object {Id} is visible from {AppearSecond} s to {DisappearSecond - 1} s only.");
        }

        return StretchAt(second) == 1 ? MovedToCell!.Value : FirstCell;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidSceneException(message);
        }
    }
}
