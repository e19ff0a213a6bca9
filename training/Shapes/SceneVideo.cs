namespace SparseVila.Training.Shapes;

/// <summary>Writes a scene as a video file: each whole second drawn once and repeated for that second's frames.</summary>
public static class SceneVideo
{
    /// <summary>
    /// Encodes <paramref name="scene"/> drawn with <paramref name="style"/> to <paramref name="path"/>: frame i
    /// (at i / fps seconds) shows whole second ⌊i / fps⌋, so frame fps · t starts exactly at second t. The video
    /// lasts exactly the scene's duration. Throws <see cref="VideoEncodeException"/> if ffmpeg fails.
    /// </summary>
    public static async Task WriteAsync(string path, Scene scene, RenderStyle style, VideoEncoding encoding, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(encoding);
        var frame = new byte[encoding.SizePixels * encoding.SizePixels * 3];
        var writer = VideoWriter.Start(path, encoding);
        await using (writer.ConfigureAwait(false))
        {
            for (var second = 0; second < scene.DurationSeconds; second++)
            {
                FrameRenderer.Render(scene, style, second, encoding.SizePixels, frame);
                for (var repeat = 0; repeat < encoding.FramesPerSecond; repeat++)
                {
                    await writer.WriteFrameAsync(frame, ct).ConfigureAwait(false);
                }
            }

            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }
    }
}
