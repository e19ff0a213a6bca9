using TorchSharp;

namespace SparseVila.Engine.Video;

/// <summary>Consecutive sampled frames, ready for the vision encoder. Owns its tensor; dispose it.</summary>
public sealed class FrameBatch : IDisposable
{
    /// <summary>A batch of (B, 3, H, W) preprocessed frames with their times and indices; takes ownership of <paramref name="pixels"/>.</summary>
    public FrameBatch(torch.Tensor pixels, IReadOnlyList<double> timestampsSeconds, IReadOnlyList<int> frameIndices)
    {
        Pixels = pixels;
        TimestampsSeconds = timestampsSeconds;
        FrameIndices = frameIndices;
    }

    /// <summary>
    /// (B, 3, H, W) float32 on the CPU, channels R, G, B: ((v · rescale_factor) − mean) / std per channel,
    /// as the <see cref="ImagePreprocessing"/> asked.
    /// </summary>
    public torch.Tensor Pixels { get; }

    /// <summary>For each frame, the sampled instant it shows, in seconds from the start.</summary>
    public IReadOnlyList<double> TimestampsSeconds { get; }

    /// <summary>For each frame, its 0-based position in the whole sampled sequence.</summary>
    public IReadOnlyList<int> FrameIndices { get; }

    /// <summary>Frames in this batch (B).</summary>
    public int FrameCount => FrameIndices.Count;

    /// <summary>Frees the tensor.</summary>
    public void Dispose() => Pixels.Dispose();
}
