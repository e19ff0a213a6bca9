using FFMpegCore;
using FFMpegCore.Exceptions;

namespace SparseVila.Engine.Video;

/// <summary>Reads a video's duration, size, frame rate and codec with ffprobe (through FFMpegCore).</summary>
public static class VideoProbe
{
    /// <summary>
    /// Probes <paramref name="path"/>. Throws <see cref="VideoDecodeException"/> when the file is missing,
    /// empty, not media, has no video stream, or has no known duration.
    /// </summary>
    public static async Task<VideoInfo> ProbeAsync(string path, CancellationToken ct) =>
        (await ProbeStreamAsync(path, ct).ConfigureAwait(false)).Info;

    internal static async Task<ProbedVideo> ProbeStreamAsync(string path, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = System.IO.Path.GetFileName(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new VideoDecodeException(path, VideoDecodeError.NotFound, $"'{name}' does not exist.");
        }

        if (file.Length == 0)
        {
            throw new VideoDecodeException(path, VideoDecodeError.Empty, $"'{name}' is empty (0 bytes).");
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(file.FullName, ffOptions: null, ct).ConfigureAwait(false);
        }
        catch (FFMpegException e) when (e.Type == FFMpegExceptionType.Process)
        {
            // ffprobe exited non-zero; its last stderr line says why ("Invalid data found when processing input").
            throw NotMedia(path, LastLine(e.FFMpegErrorOutput ?? e.Message), e);
        }
        catch (FFProbeException e)
        {
            throw NotMedia(path, e.Message, e);
        }

        // Cover art in audio files appears as a one-frame video stream; it is not a video.
        var stream = analysis.VideoStreams.Where(s => !IsAttachedPicture(s)).MinBy(s => s.Index);
        if (stream is null)
        {
            throw new VideoDecodeException(path, VideoDecodeError.NoVideoStream,
                $"'{name}' has no video stream (streams: {DescribeStreams(analysis)}).");
        }

        var durationSeconds = stream.Duration > TimeSpan.Zero ? stream.Duration.TotalSeconds : analysis.Format.Duration.TotalSeconds;
        if (!(durationSeconds > 0))
        {
            throw new VideoDecodeException(path, VideoDecodeError.Undecodable, $"'{name}' has a video stream of unknown duration.");
        }

        var framesPerSecond = double.IsFinite(stream.AvgFrameRate) && stream.AvgFrameRate > 0 ? stream.AvgFrameRate : stream.FrameRate;
        var upright = Math.Abs(stream.Rotation) % 180 == 0;
        var info = new VideoInfo(
            durationSeconds,
            upright ? stream.Width : stream.Height,
            upright ? stream.Height : stream.Width,
            double.IsFinite(framesPerSecond) ? framesPerSecond : 0,
            stream.CodecName);
        return new ProbedVideo(info, stream.Index);
    }

    private static VideoDecodeException NotMedia(string path, string reason, Exception inner) =>
        new(path, VideoDecodeError.Undecodable, $"'{System.IO.Path.GetFileName(path)}' is not a readable media file: {reason}", inner);

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(ffprobe printed nothing)";

    private static bool IsAttachedPicture(VideoStream stream) =>
        stream.Disposition is { } disposition && disposition.TryGetValue("attached_pic", out var attached) && attached;

    private static string DescribeStreams(IMediaAnalysis analysis)
    {
        var kinds = analysis.VideoStreams.Select(_ => "attached picture")
            .Concat(analysis.AudioStreams.Select(_ => "audio"))
            .Concat(analysis.SubtitleStreams.Select(_ => "subtitle"))
            .ToList();
        return kinds.Count == 0 ? "none" : string.Join(", ", kinds);
    }
}
