namespace SparseVila.Training.Shapes;

/// <summary>
/// Draws the frame displayed at a whole second as RGB24 bytes (rows top to bottom, pixels left to right,
/// R, G, B). Pixel (x, y) covers the square [x, x + 1) × [y, y + 1) of a frame <c>sizePixels</c> wide; it is
/// sampled at its centre, or at an S × S grid of points inside it when anti-aliasing, and takes the share of
/// samples inside a shape as that shape's coverage. Objects are drawn in id order over the background.
/// </summary>
public static class FrameRenderer
{
    /// <summary>The smallest frame drawn; tiny frames are for model inputs, videos are 128 to 480 pixels.</summary>
    public const int MinSizePixels = 8;

    /// <summary>A new square frame, <paramref name="sizePixels"/> on a side, showing <paramref name="second"/> of the scene.</summary>
    public static byte[] Render(Scene scene, RenderStyle style, int second, int sizePixels)
    {
        var rgb24 = new byte[checked(sizePixels * sizePixels * 3)];
        Render(scene, style, second, sizePixels, rgb24);
        return rgb24;
    }

    /// <summary>Draws into <paramref name="rgb24"/>, which must hold exactly sizePixels² · 3 bytes.</summary>
    public static void Render(Scene scene, RenderStyle style, int second, int sizePixels, Span<byte> rgb24)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(style);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizePixels, MinSizePixels);
        ArgumentOutOfRangeException.ThrowIfNegative(second);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(second, scene.DurationSeconds);
        if (style.Objects.Count != scene.Objects.Count)
        {
            throw new ArgumentException($"the style describes {style.Objects.Count} objects, the scene has {scene.Objects.Count}.", nameof(style));
        }

        if (rgb24.Length != sizePixels * sizePixels * 3)
        {
            throw new ArgumentException($"a {sizePixels}×{sizePixels} RGB24 frame is {sizePixels * sizePixels * 3} bytes, not {rgb24.Length}.", nameof(rgb24));
        }

        FillBackground(style, sizePixels, rgb24);
        foreach (var track in scene.VisibleAt(second))
        {
            var appearance = style.For(track.Id);
            DrawObject(track.Shape, ObjectBox.Of(track, appearance, second), appearance.Color, style.SupersamplingFactor, sizePixels, rgb24);
        }
    }

    /// <summary>Each row the blend of the top and bottom colours at the row's centre.</summary>
    private static void FillBackground(RenderStyle style, int sizePixels, Span<byte> rgb24)
    {
        var rowBytes = sizePixels * 3;
        for (var y = 0; y < sizePixels; y++)
        {
            var weight = (y + 0.5) / sizePixels;
            var r = Blend(style.BackgroundTop.R, style.BackgroundBottom.R, weight);
            var g = Blend(style.BackgroundTop.G, style.BackgroundBottom.G, weight);
            var b = Blend(style.BackgroundTop.B, style.BackgroundBottom.B, weight);
            var row = rgb24.Slice(y * rowBytes, rowBytes);
            for (var x = 0; x < rowBytes; x += 3)
            {
                row[x] = r;
                row[x + 1] = g;
                row[x + 2] = b;
            }
        }
    }

    private static void DrawObject(ShapeKind shape, ObjectBox box, Rgb color, int samplesPerSide, int sizePixels, Span<byte> rgb24)
    {
        var centerX = box.CenterXRatio * sizePixels;
        var centerY = box.CenterYRatio * sizePixels;
        var half = box.SizeRatio * sizePixels / 2;
        var (firstX, endX) = PixelRange(centerX, half, sizePixels);
        var (firstY, endY) = PixelRange(centerY, half, sizePixels);
        var samples = samplesPerSide * samplesPerSide;
        for (var y = firstY; y < endY; y++)
        {
            for (var x = firstX; x < endX; x++)
            {
                var inside = 0;
                for (var sy = 0; sy < samplesPerSide; sy++)
                {
                    var dy = y + (sy + 0.5) / samplesPerSide - centerY;
                    for (var sx = 0; sx < samplesPerSide; sx++)
                    {
                        inside += ShapeCoverage.Contains(shape, x + (sx + 0.5) / samplesPerSide - centerX, dy, half) ? 1 : 0;
                    }
                }

                if (inside > 0)
                {
                    var coverage = (double)inside / samples;
                    var pixel = rgb24.Slice((y * sizePixels + x) * 3, 3);
                    pixel[0] = Blend(pixel[0], color.R, coverage);
                    pixel[1] = Blend(pixel[1], color.G, coverage);
                    pixel[2] = Blend(pixel[2], color.B, coverage);
                }
            }
        }
    }

    /// <summary>The pixels [first, end) that the span centre ± half touches, within the frame.</summary>
    private static (int First, int End) PixelRange(double center, double half, int sizePixels) =>
        (Math.Max(0, (int)Math.Floor(center - half)), Math.Min(sizePixels, (int)Math.Ceiling(center + half) + 1));

    private static byte Blend(byte from, byte to, double weight) => (byte)Math.Round(from + (to - from) * weight, MidpointRounding.AwayFromZero);
}
