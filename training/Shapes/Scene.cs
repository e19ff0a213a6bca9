namespace SparseVila.Training.Shapes;

/// <summary>
/// What a video shows, independent of how it is drawn: its duration and its objects' timelines. The sampled
/// frames are the ones displayed at whole seconds 0 to <see cref="DurationSeconds"/> − 1. Construction checks the
/// task's rules: a duration in range, object ids 0, 1, 2… in order, every object gone by the end, at most
/// <see cref="ShapesTaskLimits.MaxVisibleObjects"/> visible at once and never two in one cell at the same second.
/// </summary>
public sealed record Scene
{
    /// <summary>Creates a scene; throws <see cref="InvalidSceneException"/> naming the first rule it breaks.</summary>
    public Scene(int durationSeconds, IReadOnlyList<ObjectTrack> objects)
        : this(durationSeconds, objects, ShapesTaskLimits.MinDurationSeconds)
    {
    }

    private Scene(int durationSeconds, IReadOnlyList<ObjectTrack> objects, int minDurationSeconds)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (durationSeconds < minDurationSeconds || durationSeconds > ShapesTaskLimits.MaxDurationSeconds)
        {
            throw new InvalidSceneException(
                $"a scene lasts {minDurationSeconds} to {ShapesTaskLimits.MaxDurationSeconds} s, not {durationSeconds} s.");
        }

        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i].Id != i)
            {
                throw new InvalidSceneException($"object {i} has id {objects[i].Id}; ids must be 0, 1, 2… in order.");
            }

            if (objects[i].DisappearSecond > durationSeconds)
            {
                throw new InvalidSceneException($"object {i} disappears at {objects[i].DisappearSecond} s, after the {durationSeconds} s video ends.");
            }
        }

        DurationSeconds = durationSeconds;
        Objects = [.. objects];
        for (var second = 0; second < durationSeconds; second++)
        {
            var visible = VisibleAt(second);
            if (visible.Count > ShapesTaskLimits.MaxVisibleObjects)
            {
                throw new InvalidSceneException($"{visible.Count} objects are visible at {second} s; at most {ShapesTaskLimits.MaxVisibleObjects} may be.");
            }

            if (visible.Select(o => o.CellAt(second)).Distinct().Count() != visible.Count)
            {
                throw new InvalidSceneException($"two objects share a cell at {second} s.");
            }
        }
    }

    /// <summary>
    /// The first <paramref name="seconds"/> (1 or more) of this scene: what is visible then, as it is then, every object
    /// gone by the end. Shorter than a task video may be: a training clip (perception before long videos), never a
    /// video of the task.
    /// </summary>
    public Scene Clip(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, DurationSeconds);
        var kept = Objects.Where(o => o.AppearSecond < seconds).Select(o =>
        {
            var moves = o.MoveSecond is { } move && move < seconds;
            return new ObjectTrack(o.Id, o.Shape, o.Color, o.AppearSecond, Math.Min(o.DisappearSecond, seconds), o.FirstCell,
                moves ? o.MoveSecond : null, moves ? o.MovedToCell : null);
        }).ToList();

        // Ids stay 0, 1, 2… in order: the generator numbers objects by appearance, so those kept are a prefix.
        return new Scene(seconds, kept, minDurationSeconds: 1);
    }

    /// <summary>The video's length; a whole number of seconds.</summary>
    public int DurationSeconds { get; }

    /// <summary>Every object that appears, indexed by its id.</summary>
    public IReadOnlyList<ObjectTrack> Objects { get; }

    /// <summary>The objects visible at whole second <paramref name="second"/>, in id order.</summary>
    public IReadOnlyList<ObjectTrack> VisibleAt(int second) => [.. Objects.Where(o => o.IsVisibleAt(second))];

    /// <summary>Equal when the durations are equal and the objects are equal one by one.</summary>
    public bool Equals(Scene? other) =>
        other is not null && DurationSeconds == other.DurationSeconds && Objects.SequenceEqual(other.Objects);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(DurationSeconds, Objects.Count, Objects.Count > 0 ? Objects[0] : null);

    /// <summary>The object in <paramref name="cell"/> at <paramref name="second"/>, or null if the cell is empty then.</summary>
    public ObjectTrack? At(int second, GridCell cell) => Objects.FirstOrDefault(o => o.IsVisibleAt(second) && o.CellAt(second) == cell);
}
