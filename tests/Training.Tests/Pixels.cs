using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

/// <summary>Reading and comparing pixels of RGB24 frames.</summary>
internal static class Pixels
{
    public static Rgb At(byte[] rgb24, int sizePixels, int x, int y)
    {
        var i = (y * sizePixels + x) * 3;
        return new Rgb(rgb24[i], rgb24[i + 1], rgb24[i + 2]);
    }

    /// <summary>The pixel at a point given in fractions of the side.</summary>
    public static Rgb AtRatio(byte[] rgb24, int sizePixels, (double X, double Y) point) =>
        At(rgb24, sizePixels, (int)(point.X * sizePixels), (int)(point.Y * sizePixels));

    public static int MaxChannelDifference(Rgb a, Rgb b) => Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)));

    public static void AssertNear(Rgb expected, Rgb actual, int tolerance) =>
        Assert.True(MaxChannelDifference(expected, actual) <= tolerance, $"expected {expected} within {tolerance}, got {actual}");

    /// <summary>Every pixel, with its coordinates.</summary>
    public static IEnumerable<(int X, int Y, Rgb Color)> All(byte[] rgb24, int sizePixels)
    {
        for (var y = 0; y < sizePixels; y++)
        {
            for (var x = 0; x < sizePixels; x++)
            {
                yield return (x, y, At(rgb24, sizePixels, x, y));
            }
        }
    }
}
