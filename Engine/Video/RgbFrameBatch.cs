using TorchSharp;

namespace SparseVila.Engine.Video;

/// <summary>
/// Consecutive sampled frames as decoded RGB bytes, before rescaling and normalisation: for thumbnails,
/// tests, and as the input of <see cref="FrameBatch"/>. Owns its tensor; dispose it.
/// </summary>
public sealed class RgbFrameBatch : IDisposable
{
    internal RgbFrameBatch(torch.Tensor rgb, IReadOnlyList<double> timestampsSeconds, IReadOnlyList<int> frameIndices)
    {
        Rgb = rgb;
        TimestampsSeconds = timestampsSeconds;
        FrameIndices = frameIndices;
    }

    /// <summary>(B, H, W, 3) uint8 on the CPU, channels R, G, B, at the encoder's resolution.</summary>
    public torch.Tensor Rgb { get; }

    /// <summary>For each frame, the sampled instant it shows, in seconds from the start.</summary>
    public IReadOnlyList<double> TimestampsSeconds { get; }

    /// <summary>For each frame, its 0-based position in the whole sampled sequence.</summary>
    public IReadOnlyList<int> FrameIndices { get; }

    /// <summary>Frames in this batch (B).</summary>
    public int FrameCount => FrameIndices.Count;

    /// <summary>Frees the tensor.</summary>
    public void Dispose() => Rgb.Dispose();
}
