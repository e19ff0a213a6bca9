namespace SparseVila.Engine.Video;

/// <summary>A probe's result plus what the decoder needs to pick the same stream.</summary>
/// <param name="Info">What callers see.</param>
/// <param name="StreamIndex">The container's index of the chosen video stream (for ffmpeg's <c>-map 0:N</c>).</param>
internal sealed record ProbedVideo(VideoInfo Info, int StreamIndex);
