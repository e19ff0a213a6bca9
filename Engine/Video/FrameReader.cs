using System.Runtime.CompilerServices;
using FFMpegCore;
using TorchSharp;

namespace SparseVila.Engine.Video;

/// <summary>
/// Streams a video's sampled frames at the vision encoder's resolution, a batch at a time: one ffmpeg process
/// per video (see <see cref="FfmpegDecodeCommand"/>) writes raw RGB to a pipe and this side reads exactly
/// H · W · 3 bytes per frame, so memory holds one frame plus the batch being filled, however long the video.
/// </summary>
/// <remarks>
/// Exactly as many frames as the sampling plans are delivered. ffmpeg may stop a frame short when the last
/// sampled instants fall within the final frame's display time (its end-of-stream timing is approximate);
/// then the last decoded frame, which is the one displayed there, is repeated. Ending earlier than that means
/// the file holds less than it claims: <see cref="VideoDecodeError.Truncated"/>.
/// </remarks>
public static class FrameReader
{
    // How close to the end missing frames may be, in source frames, before the video counts as truncated.
    private const double EndToleranceSourceFrames = 2;

    /// <summary>
    /// Probes <paramref name="path"/>, plans <paramref name="sampling"/>'s instants, and yields the frames in
    /// batches of at most <paramref name="batchFrames"/>, preprocessed for the encoder. Throws
    /// <see cref="VideoDecodeException"/> for unreadable files and <see cref="FrameLimitExceededException"/>
    /// for a plan over the sampling's limit. Cancelling, or abandoning the enumeration, kills ffmpeg.
    /// </summary>
    public static async IAsyncEnumerable<FrameBatch> ReadAsync(
        string path,
        FrameSampling sampling,
        ImagePreprocessing preprocessing,
        int batchFrames,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var rgb in ReadRgbAsync(path, sampling, preprocessing, batchFrames, ct).ConfigureAwait(false))
        {
            using (rgb)
            {
                yield return new FrameBatch(PixelNormalization.Apply(rgb.Rgb, preprocessing), rgb.TimestampsSeconds, rgb.FrameIndices);
            }
        }
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, but yields the decoded RGB bytes, (B, H, W, 3) uint8, resized and cropped
    /// but neither rescaled nor normalised.
    /// </summary>
    public static async IAsyncEnumerable<RgbFrameBatch> ReadRgbAsync(
        string path,
        FrameSampling sampling,
        ImagePreprocessing preprocessing,
        int batchFrames,
        [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchFrames);

        var video = await VideoProbe.ProbeStreamAsync(path, ct).ConfigureAwait(false);
        var grid = sampling.Grid(video.Info.DurationSeconds);
        var timestamps = grid.TimestampsSeconds();
        var (heightPixels, widthPixels) = (preprocessing.OutputHeightPixels, preprocessing.OutputWidthPixels);
        var frameBytes = checked(heightPixels * widthPixels * 3);
        var arguments = FfmpegDecodeCommand.Arguments(Path.GetFullPath(path), video.StreamIndex, grid, preprocessing);

        await using var ffmpeg = FfmpegRawVideoProcess.Start(GlobalFFOptions.GetFFMpegBinaryPath(), arguments);
        var frame = new byte[frameBytes];
        var decodedFrameCount = 0;
        for (var firstFrameIndex = 0; firstFrameIndex < grid.FrameCount; firstFrameIndex += batchFrames)
        {
            var batchFrameCount = Math.Min(batchFrames, grid.FrameCount - firstFrameIndex);
            var rgb = torch.empty([batchFrameCount, heightPixels, widthPixels, 3], torch.ScalarType.Byte);   // (B, H, W, 3)
            try
            {
                for (var i = 0; i < batchFrameCount; i++)
                {
                    if (decodedFrameCount == firstFrameIndex + i)
                    {
                        var read = await ffmpeg.ReadFrameAsync(frame, ct).ConfigureAwait(false);
                        if (read == frameBytes)
                        {
                            decodedFrameCount++;
                        }
                        else
                        {
                            await ThrowUnlessEndOfVideoAsync(ffmpeg, path, video.Info, timestamps, decodedFrameCount, read, ct).ConfigureAwait(false);
                        }
                    }

                    // Once ffmpeg has ended early, frame still holds the last decoded frame: it is repeated.
                    frame.CopyTo(rgb.bytes.Slice(i * frameBytes, frameBytes));
                }
            }
            catch
            {
                rgb.Dispose();
                throw;
            }

            yield return new RgbFrameBatch(
                rgb, timestamps.Skip(firstFrameIndex).Take(batchFrameCount).ToArray(), Enumerable.Range(firstFrameIndex, batchFrameCount).ToArray());
        }

        var exitCode = await ffmpeg.WaitForExitAsync(ct).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw Undecodable(path, $"ffmpeg failed (exit code {exitCode}) after its last frame: {ffmpeg.StderrTail}");
        }
    }

    /// <summary>ffmpeg stopped at frame <paramref name="decodedFrameCount"/>; throws unless that is the end rule's short stop.</summary>
    private static async Task ThrowUnlessEndOfVideoAsync(
        FfmpegRawVideoProcess ffmpeg, string path, VideoInfo video, IReadOnlyList<double> timestamps, int decodedFrameCount, int partialBytes,
        CancellationToken ct)
    {
        var exitCode = await ffmpeg.WaitForExitAsync(ct).ConfigureAwait(false);
        var name = Path.GetFileName(path);
        var missingFromSeconds = timestamps[decodedFrameCount];
        if (exitCode != 0)
        {
            throw Undecodable(path, $"ffmpeg failed (exit code {exitCode}) at about {missingFromSeconds:0.###} s: {ffmpeg.StderrTail}");
        }

        if (decodedFrameCount == 0)
        {
            throw Undecodable(path, $"ffmpeg decoded no frame from '{name}': {ffmpeg.StderrTail}");
        }

        var toleranceSeconds = video.FramesPerSecond > 0 ? EndToleranceSourceFrames / video.FramesPerSecond : 0;
        if (partialBytes > 0 || missingFromSeconds < video.DurationSeconds - toleranceSeconds)
        {
            throw new VideoDecodeException(path, VideoDecodeError.Truncated,
                $"'{name}' ends early: it claims {video.DurationSeconds:0.###} s but decoding stopped before {missingFromSeconds:0.###} s " +
                $"({decodedFrameCount} of {timestamps.Count} frames). ffmpeg: {ffmpeg.StderrTail}");
        }
    }

    private static VideoDecodeException Undecodable(string path, string message) =>
        new(path, VideoDecodeError.Undecodable, $"'{Path.GetFileName(path)}' could not be decoded: {message}");
}
