using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

[assembly: AssemblyFixture(typeof(SparseVila.Engine.Tests.Video.TestVideos))]

namespace SparseVila.Engine.Tests.Video;

/// <summary>
/// Small videos made with ffmpeg's lavfi sources in a temporary folder, each made once, on first use, and
/// deleted with the folder when the test run ends.
/// </summary>
public sealed class TestVideos : IDisposable
{
    /// <summary>Frames per second of <see cref="CounterAsync"/>.</summary>
    public const int CounterFramesPerSecond = 10;

    /// <summary>Grey level step between consecutive frames of <see cref="CounterAsync"/>.</summary>
    public const int CounterGreyStep = 5;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _videos = new();

    /// <summary>The folder the videos are written to.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("sparsevila-video-tests-").FullName;

    /// <summary>4 s at 4 fps, 64×48: 1 s each of red, green, blue, white. <paramref name="codec"/> is h264 or vp9.</summary>
    public Task<string> ColoursAsync(string codec) => Make($"colours-{codec}.{Extension(codec)}",
        ["-f", "lavfi", "-i", "color=c=red:s=64x48:r=4:d=1", "-f", "lavfi", "-i", "color=c=green:s=64x48:r=4:d=1",
         "-f", "lavfi", "-i", "color=c=blue:s=64x48:r=4:d=1", "-f", "lavfi", "-i", "color=c=white:s=64x48:r=4:d=1",
         "-filter_complex", "[0][1][2][3]concat=n=4:v=1:a=0", .. Encoder(codec)]);

    /// <summary>
    /// 4 s at 10 fps, 64×48, every frame a flat grey of <see cref="CounterGreyStep"/> × its frame number, so a
    /// decoded frame tells which frame it is. No B-frames, so the last packet in the file is the last frame.
    /// </summary>
    public Task<string> CounterAsync(string codec) => Make($"counter-{codec}.{Extension(codec)}",
        ["-f", "lavfi", "-i",
         $"color=c=black:s=64x48:r={CounterFramesPerSecond}:d=4,format=rgb24,geq=r='N*{CounterGreyStep}':g='N*{CounterGreyStep}':b='N*{CounterGreyStep}'",
         .. Encoder(codec)]);

    /// <summary>1 s at 4 fps, 96×48: three vertical bands, red, green, blue, 32 pixels each.</summary>
    public Task<string> WideBandsAsync() => Make("wide-bands.mp4",
        ["-f", "lavfi", "-i", "color=c=red:s=32x48:r=4:d=1", "-f", "lavfi", "-i", "color=c=green:s=32x48:r=4:d=1",
         "-f", "lavfi", "-i", "color=c=blue:s=32x48:r=4:d=1", "-filter_complex", "[0][1][2]hstack=inputs=3", .. Encoder("h264")]);

    /// <summary>10 s at 10 fps, 64×48, ffmpeg's test pattern, index at the front (faststart).</summary>
    public Task<string> PatternAsync() => Make("pattern.mp4", ["-f", "lavfi", "-i", "testsrc=s=64x48:r=10:d=10", .. Encoder("h264")]);

    /// <summary>One second of sine tone, no video.</summary>
    public Task<string> AudioOnlyAsync() => Make("audio-only.m4a", ["-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac"]);

    /// <summary>The counter video stored rotated: a 90° display matrix on its 64×48 frames.</summary>
    public Task<string> RotatedAsync() => _videos.GetOrAdd("rotated.mp4", name => new Lazy<Task<string>>(async () =>
    {
        var source = await CounterAsync("h264").ConfigureAwait(false);
        return await Ffmpeg(name, ["-i", source, "-c", "copy", "-metadata:s:v:0", "rotate=90"]).ConfigureAwait(false);
    })).Value;

    /// <summary>The h264 counter video without its last packet, frame 39: the file still claims 4 s.</summary>
    public Task<string> CounterWithoutLastFrameAsync() => _videos.GetOrAdd("counter-without-last-frame.mp4", name => new Lazy<Task<string>>(async () =>
    {
        var source = await CounterAsync("h264").ConfigureAwait(false);
        // faststart puts the index first, so the last packet is the file's last bytes.
        var packetSizes = await Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size", "-of", "csv=p=0", source]).ConfigureAwait(false);
        var lastPacketBytes = int.Parse(packetSizes.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture);
        return await TruncatedCopyAsync(source, name, keepRatio: 1, dropBytes: lastPacketBytes).ConfigureAwait(false);
    })).Value;

    /// <summary>The first <paramref name="keepRatio"/> of <paramref name="source"/>'s bytes, less the last <paramref name="dropBytes"/>.</summary>
    public async Task<string> TruncatedCopyAsync(string source, string name, double keepRatio, int dropBytes = 0)
    {
        var bytes = await File.ReadAllBytesAsync(source).ConfigureAwait(false);
        var kept = (int)(bytes.Length * keepRatio) - dropBytes;
        var path = Path.Combine(Folder, name);
        await File.WriteAllBytesAsync(path, bytes.AsMemory(0, kept).ToArray()).ConfigureAwait(false);
        return path;
    }

    /// <summary>A copy of <paramref name="source"/> under a name no other test uses.</summary>
    public string UniqueCopy(string source)
    {
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}{Path.GetExtension(source)}");
        File.Copy(source, path);
        return path;
    }

    /// <summary>A file of <paramref name="length"/> bytes with <paramref name="content"/> (seeded random when null).</summary>
    public string WriteBytes(string name, int length, byte? content = null)
    {
        var bytes = new byte[length];
        if (content is { } value)
        {
            Array.Fill(bytes, value);
        }
        else
        {
            new Random(Seed: 20240601).NextBytes(bytes);
        }

        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The number of running ffmpeg processes whose command line mentions <paramref name="text"/> (Linux only).</summary>
    public static int CountFfmpegProcessesMentioning(string text)
    {
        var count = 0;
        foreach (var process in Process.GetProcessesByName("ffmpeg"))
        {
            using (process)
            {
                try
                {
                    var commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline");
                    if (commandLine.Contains(text, StringComparison.Ordinal) && !File.ReadAllText($"/proc/{process.Id}/stat").Contains(") Z ", StringComparison.Ordinal))
                    {
                        count++;
                    }
                }
                catch (IOException)
                {
                    // It ended while being looked at.
                }
            }
        }

        return count;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static string Extension(string codec) => codec == "vp9" ? "webm" : "mp4";

    private static string[] Encoder(string codec) => codec switch
    {
        "h264" => ["-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
        "vp9" => ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-crf", "20", "-b:v", "0", "-pix_fmt", "yuv420p"],
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "h264 or vp9"),
    };

    private Task<string> Make(string name, string[] arguments) =>
        _videos.GetOrAdd(name, _ => new Lazy<Task<string>>(() => Ffmpeg(name, arguments))).Value;

    private async Task<string> Ffmpeg(string name, string[] arguments)
    {
        var path = Path.Combine(Folder, name);
        await Run("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. arguments, path]).ConfigureAwait(false);
        return path;
    }

    /// <summary>Runs a tool to the end and returns its stdout; throws with its stderr if it fails.</summary>
    private static async Task<string> Run(string tool, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode == 0
            ? await output.ConfigureAwait(false)
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {await errors.ConfigureAwait(false)}");
    }
}
