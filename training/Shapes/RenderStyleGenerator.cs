namespace SparseVila.Training.Shapes;

/// <summary>
/// Draws a random <see cref="RenderStyle"/> for a scene: background levels 0–40, anti-aliased or not, and per
/// object a size of 18–30% of the width, a colour within ±15 of its nominal value per channel, and an offset of
/// up to 6% of the width per axis in each cell it visits. Offsets are drawn again when two objects visible at the
/// same second would overlap; if that keeps failing, offsets are dropped, and with centred objects smaller than a
/// cell nothing can overlap.
/// </summary>
public static class RenderStyleGenerator
{
    /// <summary>Samples per pixel side when anti-aliasing: 16 samples give 17 coverage levels per edge pixel.</summary>
    public const int AntiAliasedSupersamplingFactor = 4;

    // Ratios are kept to 4 decimals (1/10,000 of the width, under a pixel at 480) so that JSON stays short and exact.
    private const int RatioDecimals = 4;
    private const int StyleAttempts = 8;
    private const int OffsetAttempts = 16;

    /// <summary>
    /// A style for <paramref name="scene"/> drawn from <paramref name="random"/>; anti-aliased with probability
    /// one half unless <paramref name="antiAliased"/> decides.
    /// </summary>
    public static RenderStyle Generate(Scene scene, Random random, bool? antiAliased = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(random);
        var top = DrawBackground(random);
        var bottom = DrawBackground(random);
        var smooth = antiAliased ?? random.Next(2) == 1;
        var sizes = scene.Objects.Select(_ => Math.Round(ShapesTaskLimits.MinObjectSizeRatio +
            random.NextDouble() * (ShapesTaskLimits.MaxObjectSizeRatio - ShapesTaskLimits.MinObjectSizeRatio), RatioDecimals)).ToArray();
        var colors = scene.Objects.Select(o => Jittered(ShapePalette.Nominal(o.Color), random)).ToArray();

        var appearances = Enumerable.Range(0, StyleAttempts).Select(_ => TryPlace(scene, sizes, colors, random)).FirstOrDefault(a => a is not null)
            ?? [.. scene.Objects.Select(o => new ObjectAppearance(sizes[o.Id], colors[o.Id], default, default))];
        return new RenderStyle(top, bottom, smooth ? AntiAliasedSupersamplingFactor : 1, appearances);
    }

    /// <summary>Offsets for every object that keep simultaneous objects apart, or null if a draw could not.</summary>
    private static ObjectAppearance[]? TryPlace(Scene scene, double[] sizes, Rgb[] colors, Random random)
    {
        var appearances = new ObjectAppearance[scene.Objects.Count];
        var placed = new List<(int FirstSecond, int EndSecond, ObjectBox Box)>();
        foreach (var track in scene.Objects)
        {
            var stretches = Stretches(track);
            ObjectAppearance? fitting = null;
            for (var attempt = 0; attempt < OffsetAttempts && fitting is null; attempt++)
            {
                var candidate = new ObjectAppearance(sizes[track.Id], colors[track.Id], DrawOffset(random), track.MoveSecond is null ? default : DrawOffset(random));
                var boxes = stretches.Select(s => (s.FirstSecond, s.EndSecond, Box: ObjectBox.Of(track, candidate, s.FirstSecond))).ToList();
                if (!boxes.Any(b => placed.Any(p => p.FirstSecond < b.EndSecond && b.FirstSecond < p.EndSecond && p.Box.Overlaps(b.Box))))
                {
                    fitting = candidate;
                    placed.AddRange(boxes);
                }
            }

            if (fitting is null)
            {
                return null;
            }

            appearances[track.Id] = fitting;
        }

        return appearances;
    }

    /// <summary>The seconds [first, end) spent in the first cell and, if it moves, in the second.</summary>
    private static List<(int FirstSecond, int EndSecond)> Stretches(ObjectTrack track) => track.MoveSecond is { } move
        ? [(track.AppearSecond, move), (move, track.DisappearSecond)]
        : [(track.AppearSecond, track.DisappearSecond)];

    private static PositionOffset DrawOffset(Random random) => new(DrawJitter(random), DrawJitter(random));

    private static double DrawJitter(Random random) => Math.Round((2 * random.NextDouble() - 1) * ShapesTaskLimits.MaxPositionJitterRatio, RatioDecimals);

    private static Rgb DrawBackground(Random random) => new(
        (byte)random.Next(ShapesTaskLimits.MaxBackgroundLevel + 1),
        (byte)random.Next(ShapesTaskLimits.MaxBackgroundLevel + 1),
        (byte)random.Next(ShapesTaskLimits.MaxBackgroundLevel + 1));

    private static Rgb Jittered(Rgb nominal, Random random) => new(Jittered(nominal.R, random), Jittered(nominal.G, random), Jittered(nominal.B, random));

    private static byte Jittered(byte level, Random random) =>
        (byte)Math.Clamp(level + random.Next(-ShapesTaskLimits.MaxColorJitterLevels, ShapesTaskLimits.MaxColorJitterLevels + 1), 0, 255);
}
