using SparseVila.Engine.Model.Layers;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// A query-agnostic score of visual tokens: one minus the cosine similarity of each token's vision feature to the mean
/// patch feature of the whole window of frames. Most of a video's patches are background or repeat what the window
/// shows everywhere, so they sit near the mean; a patch that shows something sits away from it. Summary tokens (a kept
/// [CLS]) score above any patch, so pruning never drops them.
/// </summary>
public static class TokenDistinctiveness
{
    /// <summary>Above any patch's score (which is at most 2): summary tokens are kept first.</summary>
    public const double SummaryScore = 3;

    /// <summary>
    /// Scores (N, Nv) for the window's vision features (N, Nv, Dv), whose first <paramref name="summaryTokens"/> tokens
    /// of each frame are summaries rather than patches.
    /// </summary>
    public static Tensor Score(Tensor features, int summaryTokens)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.shape.Length != 3)
        {
            throw new ArgumentException($"Features are (frames, tokens, dims), not ({string.Join(", ", features.shape)}).", nameof(features));
        }

        if (summaryTokens < 0 || summaryTokens >= features.shape[1])
        {
            throw new ArgumentOutOfRangeException(nameof(summaryTokens), summaryTokens, $"A frame of {features.shape[1]} tokens needs at least one patch after its summary tokens.");
        }

        using var scope = NewDisposeScope();
        var values = features.to_type(ScalarType.Float32);                                        // (N, Nv, Dv)
        var mean = values[.., summaryTokens.., ..].mean([0L, 1L], keepdim: true);                 // (1, 1, Dv)
        var scores = nn.functional.cosine_similarity(values, mean.expand_as(values), dim: 2).neg().AddScalar(1.0); // (N, Nv) in [0, 2]
        if (summaryTokens > 0)
        {
            scores.IndexFillScalarInPlace(1, HeldScalars.Arange(summaryTokens, scores.device), SummaryScore);               // (N, Nv)
        }

        return scores.MoveToOuterDisposeScope();
    }
}
