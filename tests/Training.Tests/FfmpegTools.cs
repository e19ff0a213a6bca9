using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SparseVila.Training.Tests;

/// <summary>ffprobe and ffmpeg run directly, as a reader of the videos would, independent of the code under test.</summary>
internal static class FfmpegTools
{
    /// <summary>What ffprobe says of the first video stream.</summary>
    public sealed record StreamFacts(string Codec, int WidthPixels, int HeightPixels, string AverageFrameRate, double DurationSeconds, string PixelFormat);

    public static async Task<StreamFacts> ProbeAsync(string path, CancellationToken ct)
    {
        var json = await RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,avg_frame_rate,pix_fmt:format=duration", "-of", "json", path], ct);
        using var document = JsonDocument.Parse(json);
        var stream = document.RootElement.GetProperty("streams")[0];
        var duration = double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        return new StreamFacts(stream.GetProperty("codec_name").GetString()!, stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32(),
            stream.GetProperty("avg_frame_rate").GetString()!, duration, stream.GetProperty("pix_fmt").GetString()!);
    }

    /// <summary>The frame shown at <paramref name="second"/>, as RGB24, decoded with an accurate input seek.</summary>
    public static async Task<byte[]> FrameAtAsync(string path, int second, CancellationToken ct)
    {
        var startInfo = Start("ffmpeg",
            ["-v", "error", "-nostdin", "-ss", second.ToString(CultureInfo.InvariantCulture), "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        using var process = Process.Start(startInfo)!;
        using var frame = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.BaseStream.CopyToAsync(frame, ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? frame.ToArray() : throw new InvalidOperationException($"ffmpeg failed: {await errors}");
    }

    private static async Task<string> RunAsync(string tool, string[] arguments, CancellationToken ct)
    {
        using var process = Process.Start(Start(tool, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{tool} failed: {await errors}");
    }

    private static ProcessStartInfo Start(string tool, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
