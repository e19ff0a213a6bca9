using System.Globalization;
using SparseVila.Engine.Video;
using TorchSharp;

namespace SparseVila.Training.Shapes;

/// <summary>
/// A scene's sampled frames, one per whole second as the model sees them, as a (N, H, W, 3) uint8 tensor on the
/// CPU with N = the scene's duration and frame t showing second t. <see cref="Render"/> draws them directly, no
/// ffmpeg, for fast training; <see cref="RenderThroughCodecAsync"/> encodes a video and decodes it again with the
/// engine's own <see cref="FrameReader"/>, so the frames carry the codec's artefacts and the inference decoding path.
/// The caller owns the returned tensor.
/// </summary>
public static class FrameSource
{
    /// <summary>The frames drawn straight at <paramref name="sizePixels"/> on a side.</summary>
    public static torch.Tensor Render(Scene scene, RenderStyle style, int sizePixels)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizePixels, FrameRenderer.MinSizePixels);
        var frameBytes = checked(sizePixels * sizePixels * 3);
        var frames = torch.empty([scene.DurationSeconds, sizePixels, sizePixels, 3], torch.ScalarType.Byte);   // (N, H, W, 3)
        try
        {
            var bytes = frames.bytes;
            for (var second = 0; second < scene.DurationSeconds; second++)
            {
                FrameRenderer.Render(scene, style, second, sizePixels, bytes.Slice(second * frameBytes, frameBytes));
            }

            return frames;
        }
        catch
        {
            frames.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The frames after a round trip through <paramref name="encoding"/>: the scene is written to a temporary file in
    /// <paramref name="scratchFolder"/>, decoded at one frame a second and resized (bilinear) to
    /// <paramref name="sizePixels"/>, and the file is deleted. Throws <see cref="VideoEncodeException"/> or
    /// <see cref="VideoDecodeException"/> if ffmpeg fails.
    /// </summary>
    public static async Task<torch.Tensor> RenderThroughCodecAsync(
        Scene scene, RenderStyle style, VideoEncoding encoding, int sizePixels, string scratchFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizePixels, FrameRenderer.MinSizePixels);
        var path = Path.Combine(scratchFolder, $"shapes-round-trip-{Guid.NewGuid():N}{encoding.FileExtension}");
        try
        {
            await SceneVideo.WriteAsync(path, scene, style, encoding, ct).ConfigureAwait(false);
            var preprocessing = ImagePreprocessing.FromJson(ResizeOnly(sizePixels));
            await foreach (var batch in FrameReader.ReadRgbAsync(path, new FixedRateFrameSampling(1), preprocessing, scene.DurationSeconds, ct).ConfigureAwait(false))
            {
                using (batch)
                {
                    // One batch holds every frame: batchFrames is the duration, which is also the frame count at 1 fps.
                    if (batch.FrameCount != scene.DurationSeconds)
                    {
                        throw new VideoDecodeException(path, VideoDecodeError.Truncated,
                            $"'{Path.GetFileName(path)}' gave {batch.FrameCount} frames at one a second; the scene lasts {scene.DurationSeconds} s.");
                    }

                    return batch.Rgb.clone();   // (N, H, W, 3), owned by the caller
                }
            }

            throw new VideoDecodeException(path, VideoDecodeError.Undecodable, $"'{Path.GetFileName(path)}' gave no frames.");
        }
        finally
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>A preprocessor config that only resizes (bilinear) and leaves the bytes as they are.</summary>
    private static string ResizeOnly(int sizePixels) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"do_resize": true, "size": {"height": {{sizePixels}}, "width": {{sizePixels}}}, "resample": 2, "do_center_crop": false, "do_rescale": false, "do_normalize": false}""");
}
