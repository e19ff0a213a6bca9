using SparseVila.Engine.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>Encoding frames together with the scores query-agnostic pruning ranks their visual tokens by.</summary>
public static class PruningScores
{
    /// <summary>Frames (N, C, H, W) → vision features (N, Nv, Dv) and, per <paramref name="score"/>, the tokens' scores (N, Nv).</summary>
    public static (Tensor Features, Tensor Scores) Encode(LlavaModel model, Tensor pixels, PruningScore score)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (score == PruningScore.ClassAttention)
        {
            return model.EncodeFramesWithSalience(pixels);                                       // (N, Nv, Dv), (N, Nv)
        }

        var features = model.EncodeVisionFeatures(pixels);                                       // (N, Nv, Dv)
        return (features, TokenDistinctiveness.Score(features.detach(), model.Config.SummaryTokensPerFrame)); // (N, Nv)
    }
}
