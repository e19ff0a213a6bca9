using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;

namespace SparseVila.Engine.Training;

/// <summary>
/// Causal attention over one whole sequence (as <see cref="CausalSequenceAttention"/>) that also keeps, at one layer, the
/// attention probabilities and outputs of some query rows for the first KV group's query heads, with their gradient:
/// what <see cref="EvidenceAttention"/> supervises.
/// </summary>
internal sealed class EvidenceProbingAttention(int kvHeads, int layer, long[] rows) : IAttentionCache, IDisposable
{
    /// <summary>(G, R, T): per query head of the first KV group, per row, the attention over the sequence; null until that layer ran.</summary>
    public Tensor? Probabilities { get; private set; }

    /// <summary>(R, G·Dh): per row, the first KV group's query heads' attention outputs side by side; null until that layer ran.</summary>
    public Tensor? Outputs { get; private set; }

    public int NextPosition => 0;

    public Tensor Attend(int layer1, Tensor queries, Tensor keys, Tensor values)
    {
        var output = GroupedAttention.Attend(queries, keys, values, kvHeads);
        if (layer1 == layer && rows.Length > 0)
        {
            using var scope = NewDisposeScope();
            var (heads, tokens, headDim) = (queries.shape[1], queries.shape[2], queries.shape[3]);
            var groups = heads / kvHeads;
            var picked = tensor(rows, device: queries.device);                                               // (R,)
            var q = queries[0, ..(int)groups].index_select(1, picked);                                       // (G, R, Dh)
            var k = keys[0, 0];                                                                              // (T, Dh)
            var scores = q.matmul(k.transpose(0, 1)) / Math.Sqrt(headDim);                                  // (G, R, T)
            var future = arange(tokens, device: queries.device).unsqueeze(0).gt(picked.unsqueeze(1));       // (R, T)
            Probabilities?.Dispose();
            Probabilities = scores.masked_fill(future.unsqueeze(0), float.NegativeInfinity).softmax(-1).DetachFromDisposeScope();
            Outputs?.Dispose();
            Outputs = output[0, ..(int)groups].index_select(1, picked).transpose(0, 1).reshape(rows.Length, groups * headDim).DetachFromDisposeScope();
        }

        return output;
    }

    public void Advance(int tokens)
    {
    }

    public void Dispose()
    {
        Probabilities?.Dispose();
        Outputs?.Dispose();
    }
}
