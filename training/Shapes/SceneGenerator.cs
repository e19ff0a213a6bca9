namespace SparseVila.Training.Shapes;

/// <summary>
/// Draws random valid scenes: a duration, then objects one by one, each with a random lifetime, cell and
/// perhaps one move, kept only if it fits (at most three visible at once, no two in one cell at one second).
/// Everything comes from the <see cref="Random"/> passed in, so a seed fixes the scene.
/// </summary>
public sealed class SceneGenerator(SceneGeneratorOptions options)
{
    // Tries to place each drawn object before giving up on it; a full timeline rejects most late tries.
    private const int PlacementAttempts = 24;

    private readonly SceneGeneratorOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();

    /// <summary>A new scene drawn from <paramref name="random"/>; ids are in order of appearance.</summary>
    public Scene Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var durationSeconds = random.Next(_options.MinDurationSeconds, _options.MaxDurationSeconds + 1);
        // 2 to 5 objects for 8 s, up to 19 for 64 s (late ones often do not fit): over all durations about a fifth of
        // the seconds show no object and a quarter each show one, two and three.
        var wantedObjects = random.Next(2, 4 + durationSeconds / 4);
        var occupancy = new GridCell?[durationSeconds, ShapesTaskLimits.MaxVisibleObjects];
        var placed = new List<ObjectTrack>();
        for (var i = 0; i < wantedObjects; i++)
        {
            for (var attempt = 0; attempt < PlacementAttempts; attempt++)
            {
                var track = DrawTrack(random, durationSeconds);
                if (Fits(track, occupancy))
                {
                    Occupy(track, occupancy);
                    placed.Add(track);
                    break;
                }
            }
        }

        var ordered = placed.OrderBy(o => o.AppearSecond).ThenBy(o => o.FirstCell).Select((o, id) => WithId(o, id)).ToList();
        return new Scene(durationSeconds, ordered);
    }

    private ObjectTrack DrawTrack(Random random, int durationSeconds)
    {
        // Lifetimes from 2 s to about half the video: long enough to ask about, short enough to make room for others.
        var lifetimeSeconds = random.Next(2, Math.Max(2, durationSeconds / 2) + 1);
        var appearSecond = random.Next(0, durationSeconds - lifetimeSeconds + 1);
        var disappearSecond = appearSecond + lifetimeSeconds;
        var firstCell = (GridCell)random.Next(9);
        var shape = (ShapeKind)random.Next(3);
        var color = (ShapeColor)random.Next(6);
        if (random.NextDouble() >= _options.MoveProbability)
        {
            return new ObjectTrack(0, shape, color, appearSecond, disappearSecond, firstCell);
        }

        var moveSecond = random.Next(appearSecond + 1, disappearSecond);
        // One of the eight other cells.
        var movedToCell = (GridCell)(((int)firstCell + 1 + random.Next(8)) % 9);
        return new ObjectTrack(0, shape, color, appearSecond, disappearSecond, firstCell, moveSecond, movedToCell);
    }

    /// <summary>Whether every second of the track has a free slot and its cell is not taken.</summary>
    private static bool Fits(ObjectTrack track, GridCell?[,] occupancy)
    {
        for (var second = track.AppearSecond; second < track.DisappearSecond; second++)
        {
            var cell = track.CellAt(second);
            var free = false;
            for (var slot = 0; slot < occupancy.GetLength(1); slot++)
            {
                if (occupancy[second, slot] == cell)
                {
                    return false;
                }

                free |= occupancy[second, slot] is null;
            }

            if (!free)
            {
                return false;
            }
        }

        return true;
    }

    private static void Occupy(ObjectTrack track, GridCell?[,] occupancy)
    {
        for (var second = track.AppearSecond; second < track.DisappearSecond; second++)
        {
            var slot = 0;
            while (occupancy[second, slot] is not null)
            {
                slot++;
            }

            occupancy[second, slot] = track.CellAt(second);
        }
    }

    private static ObjectTrack WithId(ObjectTrack track, int id) =>
        new(id, track.Shape, track.Color, track.AppearSecond, track.DisappearSecond, track.FirstCell, track.MoveSecond, track.MovedToCell);
}
