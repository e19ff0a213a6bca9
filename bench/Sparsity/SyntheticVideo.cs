using System.Diagnostics;
using System.Globalization;

namespace SparseVila.Bench.Sparsity;

/// <summary>Makes a test video with ffmpeg's moving <c>testsrc2</c> pattern (H.264, 320×240, 4 fps).</summary>
public static class SyntheticVideo
{
    private const int FramesPerSecond = 4;

    /// <summary>Writes <paramref name="durationSeconds"/> of video to <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path, int durationSeconds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationSeconds);
        var source = string.Create(CultureInfo.InvariantCulture, $"testsrc2=s=320x240:r={FramesPerSecond}:d={durationSeconds}");
        string[] arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
            "-c:v", "libx264", "-pix_fmt", "yuv420p", path];
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {await errors.ConfigureAwait(false)}");
        }
    }
}
