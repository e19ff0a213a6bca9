namespace SparseVila.Engine.Video;

/// <summary>
/// What <see cref="VideoProbe"/> learns about a video's first (non cover-art) video stream.
/// Width and height are as displayed: swapped for a stream stored rotated by ±90°, since ffmpeg
/// rotates decoded frames upright.
/// </summary>
/// <param name="DurationSeconds">The video stream's duration, or the container's when the stream has none.</param>
/// <param name="WidthPixels">Displayed width.</param>
/// <param name="HeightPixels">Displayed height.</param>
/// <param name="FramesPerSecond">Average frame rate (the nominal rate when the average is unknown).</param>
/// <param name="Codec">ffmpeg's codec name, e.g. <c>h264</c>, <c>vp9</c>.</param>
public sealed record VideoInfo(double DurationSeconds, int WidthPixels, int HeightPixels, double FramesPerSecond, string Codec);
