using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// Query-agnostic pruning: keeps the most salient visual tokens of a window of frames. Each frame keeps
/// its floor of most salient tokens; the rest of the budget goes to the most salient tokens of the
/// whole window, wherever they are.
/// </summary>
public static class TokenPruner
{
    /// <summary>
    /// Kept token indices per frame, ascending, for <paramref name="salience"/> (N, Nv):
    /// round(<paramref name="keepRatio"/> · N · Nv) in all, at least <see cref="FloorTokens"/> per frame.
    /// </summary>
    public static IReadOnlyList<long[]> Select(Tensor salience, double keepRatio, double frameFloorRatio)
    {
        ArgumentNullException.ThrowIfNull(salience);
        if (salience.shape.Length != 2)
        {
            throw new ArgumentException($"Salience is (frames, tokens), not ({string.Join(", ", salience.shape)}).", nameof(salience));
        }

        using var scope = NewDisposeScope();
        var (frames, tokens) = ((int)salience.shape[0], (int)salience.shape[1]);
        var floor = FloorTokens(tokens, keepRatio, frameFloorRatio);
        var budget = Math.Max(floor * frames, (int)Math.Round(keepRatio * frames * tokens));
        var scores = salience.to_type(ScalarType.Float32).cpu();                                  // (N, Nv)
        var chosen = zeros([frames, tokens], ScalarType.Bool);                                    // (N, Nv)
        if (floor > 0)
        {
            var floorPicks = scores.topk(floor, dim: 1).indexes;                                  // (N, floor)
            chosen.scatter_(1, floorPicks, ones_like(floorPicks, ScalarType.Bool));
        }

        var remaining = budget - floor * frames;
        if (remaining > 0)
        {
            var open = scores.MaskedFillScalar(chosen, double.NegativeInfinity).flatten();              // (N·Nv,)
            var picks = open.topk(remaining).indexes;                                             // (remaining,)
            chosen.view(-1).IndexFillScalarInPlace(0, picks, true);
        }

        var kept = new long[frames][];
        var mask = chosen.data<bool>().ToArray();
        for (var f = 0; f < frames; f++)
        {
            kept[f] = Enumerable.Range(0, tokens).Where(t => mask[f * tokens + t]).Select(t => (long)t).ToArray();
        }

        return kept;
    }

    /// <summary>Tokens each frame keeps whatever its salience: at least one, at most what the keep ratio allows.</summary>
    public static int FloorTokens(int tokensPerFrame, double keepRatio, double frameFloorRatio) =>
        Math.Clamp((int)Math.Round(frameFloorRatio * tokensPerFrame), 1, Math.Max(1, (int)Math.Round(keepRatio * tokensPerFrame)));
}
