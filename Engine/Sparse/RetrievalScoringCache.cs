using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// The attention of a turn's prefill: dense over the whole visual context (read only, shared) and the
/// conversation's own text history, with the new tokens' keys and values written to the history. Per
/// layer it sums the attention probability each visual token receives, per KV head, over the new
/// tokens and the query heads of the head's group: SparseVILA's query-aware retrieval score.
/// </summary>
public sealed class RetrievalScoringCache(VisualContext context, KvCache history) : IAttentionCache, IDisposable
{
    private readonly Tensor?[] _scores = new Tensor?[context.Layers];   // per layer (Hkv, Pvis), summed
    private readonly long[] _scoredQueries = new long[context.Layers];

    /// <inheritdoc />
    public int NextPosition => history.NextPosition;

    /// <inheritdoc />
    public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values)
    {
        using var scope = NewDisposeScope();
        var (textKeys, textValues) = history.Write(layer, keys, values);                           // (1, Hkv, S, Dh)
        var (heads, tokens, headDim) = (queries.shape[1], queries.shape[2], queries.shape[3]);
        var kvHeads = context.KvHeads;
        var groups = heads / kvHeads;
        var grouped = queries.reshape(1, kvHeads, groups * tokens, headDim);                        // (1, Hkv, G·T, Dh)
        var scale = 1.0 / Math.Sqrt(headDim);
        var contextScores = grouped.matmul(context.Keys(layer).transpose(2, 3)).MulScalar(scale);            // (1, Hkv, G·T, P)
        var textScores = grouped.matmul(textKeys.transpose(2, 3)).MulScalar(scale);                           // (1, Hkv, G·T, S)
        var visible = GroupedAttention.CausalMask(tokens, textKeys.shape[2], queries.device).repeat(groups, 1); // (G·T, S)
        textScores = textScores.MaskedFillScalar(visible.logical_not(), double.NegativeInfinity);
        var probabilities = cat([contextScores, textScores], -1).to_type(ScalarType.Float32).softmax(-1);   // (1, Hkv, G·T, P + S)
        var contextLength = context.LengthTokens;
        var toContext = probabilities[.., .., .., ..contextLength];                                  // (1, Hkv, G·T, P)
        var toText = probabilities[.., .., .., contextLength..];                                     // (1, Hkv, G·T, S)
        var output = toContext.to_type(queries.dtype).matmul(context.Values(layer))
            .Plus(toText.to_type(queries.dtype).matmul(textValues));                                      // (1, Hkv, G·T, Dh)

        var visualMass = toContext[0].index_select(2, context.VisualPositionIndex.to(queries.device)).sum(1); // (Hkv, Pvis)
        var sum = _scores[layer] is { } previous ? previous.Plus(visualMass) : visualMass;
        _scores[layer]?.Dispose();
        _scores[layer] = sum.DetachFromDisposeScope();
        _scoredQueries[layer] += groups * tokens;
        return output.reshape(1, heads, tokens, headDim).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Advance(int tokens) => history.Advance(tokens);

    /// <summary>
    /// A layer's retrieval scores (Hkv, Pvis): the mean attention probability each visual token drew
    /// from the turn's new tokens and the query heads of each KV group.
    /// </summary>
    public Tensor Scores(int layer) =>
        (_scores[layer] ?? throw new InvalidOperationException($"Layer {layer} has not attended yet.")).DivScalar(_scoredQueries[layer]);

    public void Dispose()
    {
        foreach (var score in _scores)
        {
            score?.Dispose();
        }
    }
}
