using System.Diagnostics;
using System.Globalization;
using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Videos;

/// <summary>Cuts one frame out of a local video as a JPEG with ffmpeg (evidence thumbnails, and the upload's decode check).</summary>
public static class FrameExtractor
{
    /// <summary>The default thumbnail width.</summary>
    public const int DefaultWidthPixels = 320;

    /// <summary>The widest frame served.</summary>
    public const int MaxWidthPixels = 1280;

    /// <summary>The narrowest frame served.</summary>
    public const int MinWidthPixels = 16;

    /// <summary>
    /// The frame displayed at <paramref name="seconds"/>, scaled to <paramref name="widthPixels"/> wide, as JPEG bytes.
    /// Throws a 422 problem when ffmpeg cannot decode a frame there.
    /// </summary>
    public static async Task<byte[]> ExtractJpegAsync(string path, double seconds, int widthPixels, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -ss before -i seeks to the frame shown at that time (ffmpeg decodes from the keyframe before it).
        foreach (var argument in new[]
        {
            "-nostdin", "-v", "error", "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", path,
            "-frames:v", "1", "-vf", $"scale={widthPixels.ToString(CultureInfo.InvariantCulture)}:-2", "-q:v", "4",
            "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await Task.WhenAll(copy, errors).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0 || output.Length == 0)
        {
            var reason = (await errors.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Frame not decodable",
                $"No frame could be decoded at {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s{(reason is null ? "." : $": {reason}")}");
        }

        return output.ToArray();
    }
}
