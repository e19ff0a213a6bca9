using SparseVila.Engine.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// The visual tokens one turn decodes over: per layer and KV head, positions in the visual context.
/// The context's text positions (system prompt, timestamp markers) are always kept besides.
/// </summary>
public sealed class RetrievalSelection : IDisposable
{
    private readonly Tensor[] _picked; // per layer (Hkv, k) int64 context positions, ascending

    private RetrievalSelection(Tensor[] picked) => _picked = picked;

    /// <summary>Visual tokens picked per layer and head.</summary>
    public int TokensPerHead => (int)_picked[0].shape[1];

    /// <summary>A layer's picked context positions (Hkv, k), ascending per head.</summary>
    public Tensor Picked(int layer) => _picked[layer];

    /// <summary>Selects from a turn's retrieval scores as <paramref name="options"/> says.</summary>
    public static RetrievalSelection FromScores(RetrievalScoringCache scoring, VisualContext context, RetrievalOptions options)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var visual = context.VisualPositions.Count;
        var budget = options.BudgetFor(visual);
        var picked = new Tensor[context.Layers];
        using var scope = NewDisposeScope();
        if (options.Method == DecodeMethod.FastV)
        {
            var layer = Math.Min(options.FastVLayer, context.Layers - 1);
            var shared = Top(scoring.Scores(layer).mean([0L], keepdim: true), budget, options.SinkTokens, context); // (1, k)
            for (var l = 0; l < context.Layers; l++)
            {
                picked[l] = shared.expand(context.KvHeads, -1).clone().DetachFromDisposeScope();
            }
        }
        else
        {
            for (var l = 0; l < context.Layers; l++)
            {
                picked[l] = Top(scoring.Scores(l), budget, options.SinkTokens, context).DetachFromDisposeScope(); // (Hkv, k)
            }
        }

        return new RetrievalSelection(picked);
    }

    /// <summary>
    /// A cache to decode from: per layer the context's text positions and picked visual tokens (each
    /// head its own), then the conversation's history, with room for <paramref name="extraTokens"/>.
    /// Keys keep their rotary positions; the next token continues after the full context and history.
    /// </summary>
    public KvCache BuildCompactCache(VisualContext context, KvCache history, int extraTokens)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(history);
        using var scope = NewDisposeScope();
        var device = context.Keys(0).device;
        var textPositions = tensor(Enumerable.Range(0, context.LengthTokens)
            .Where(p => context.Tokens[p].Kind == ContextTokenKind.Text).Select(p => (long)p).ToArray(), device: device);   // (Pt,)
        var kept = (int)textPositions.shape[0] + TokensPerHead;
        var compact = new KvCache(context.Layers, context.KvHeads, context.HeadDim, kept + history.LengthTokens + extraTokens,
            context.Keys(0).dtype, device)
        { PositionOffset = context.LengthTokens - kept };
        for (var layer = 0; layer < context.Layers; layer++)
        {
            using var step = NewDisposeScope();
            var positions = cat([textPositions.expand(context.KvHeads, -1), _picked[layer].to(device)], 1).sort(1).Values; // (Hkv, k')
            var index = positions.unsqueeze(-1).expand(-1, -1, context.HeadDim);                                             // (Hkv, k', Dh)
            var keys = context.Keys(layer)[0].gather(1, index).unsqueeze(0);                                                 // (1, Hkv, k', Dh)
            var values = context.Values(layer)[0].gather(1, index).unsqueeze(0);                                             // (1, Hkv, k', Dh)
            var (historyKeys, historyValues) = history.Layer(layer);                                                         // (1, Hkv, H, Dh)
            compact.Write(layer, cat([keys, historyKeys], 2), cat([values, historyValues], 2));
        }

        compact.Advance(kept + history.LengthTokens);
        return compact;
    }

    public void Dispose()
    {
        foreach (var tensor in _picked)
        {
            tensor.Dispose();
        }
    }

    /// <summary>The <paramref name="budget"/> best visual positions per row of <paramref name="scores"/> (R, Pvis), sinks first, ascending.</summary>
    private static Tensor Top(Tensor scores, int budget, int sinkTokens, VisualContext context)
    {
        var boosted = scores.clone();                                                              // (R, Pvis)
        var sinks = Math.Min(sinkTokens, (int)boosted.shape[1]);
        if (sinks > 0)
        {
            boosted[.., ..sinks] = double.PositiveInfinity;
        }

        var best = boosted.topk(budget, dim: 1).indexes;                                           // (R, k) indices into Pvis
        var positions = context.VisualPositionIndex.to(best.device).index_select(0, best.flatten()).view(best.shape); // (R, k)
        return positions.sort(1).Values;
    }
}
