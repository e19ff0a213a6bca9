using TorchSharp;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Video;

/// <summary>Hugging Face's rescale and normalise steps, on a batch of decoded RGB frames.</summary>
public static class PixelNormalization
{
    /// <summary>(B, H, W, 3) uint8 → (B, 3, H, W) float32, ((v · rescale) − mean) / std per channel.</summary>
    public static Tensor Apply(Tensor rgb, ImagePreprocessing preprocessing)
    {
        if (rgb.dim() != 4 || rgb.shape[3] != 3 || rgb.dtype != ScalarType.Byte)
        {
            throw new ArgumentException($"expected (B, H, W, 3) uint8, got ({string.Join(", ", rgb.shape)}) {rgb.dtype}.", nameof(rgb));
        }

        using var scope = NewDisposeScope();
        var pixels = rgb.permute(0, 3, 1, 2).to_type(ScalarType.Float32);         // (B, 3, H, W)
        if (preprocessing.DoRescale)
        {
            pixels = pixels.MulScalar(preprocessing.RescaleFactor);
        }

        if (preprocessing.DoNormalize)
        {
            var mean = ChannelTensor(preprocessing.ImageMean);                     // (1, 3, 1, 1)
            var std = ChannelTensor(preprocessing.ImageStd);                       // (1, 3, 1, 1)
            pixels = pixels.sub(mean).div(std);                                    // (B, 3, H, W)
        }

        return pixels.contiguous().MoveToOuterDisposeScope();
    }

    private static Tensor ChannelTensor(IReadOnlyList<double> values) =>
        tensor(values.Select(v => (float)v).ToArray()).reshape(1, 3, 1, 1);
}
