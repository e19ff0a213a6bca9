using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Training;

/// <summary>
/// Causal attention over one whole sequence (as <see cref="CausalSequenceAttention"/>) that also keeps, for each
/// <see cref="AttentionProbe"/>, the attention probabilities and outputs of its rows and query heads, with their
/// gradient: what <see cref="EvidenceAttention"/> and <see cref="FrameBinding"/> supervise.
/// </summary>
internal sealed class EvidenceProbingAttention : IAttentionCache, IDisposable
{
    private readonly int _kvHeads;
    private readonly IReadOnlyList<AttentionProbe> _probes;
    private readonly Tensor?[] _probabilities;
    private readonly Tensor?[] _outputs;

    public EvidenceProbingAttention(int kvHeads, IReadOnlyList<AttentionProbe> probes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kvHeads, 1);
        ArgumentNullException.ThrowIfNull(probes);
        (_kvHeads, _probes) = (kvHeads, probes);
        _probabilities = new Tensor?[probes.Count];
        _outputs = new Tensor?[probes.Count];
    }

    /// <summary>(H, R, T): per probed head, per row, the attention over the sequence; null until the probe's layer ran.</summary>
    public Tensor? Probabilities(int probe) => _probabilities[probe];

    /// <summary>(R, H·Dh): per row, the probed heads' attention outputs side by side; null until the probe's layer ran.</summary>
    public Tensor? Outputs(int probe) => _outputs[probe];

    public int NextPosition => 0;

    public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values)
    {
        var output = GroupedAttention.Attend(queries, keys, values, _kvHeads);                              // (1, H, T, Dh)
        for (var i = 0; i < _probes.Count; i++)
        {
            if (_probes[i].Layer == layer && _probes[i].Rows.Length > 0)
            {
                Probe(i, _probes[i], queries, keys, output);
            }
        }

        return output;
    }

    private void Probe(int index, AttentionProbe probe, Tensor queries, Tensor keys, Tensor output)
    {
        using var scope = NewDisposeScope();
        var (heads, tokens, headDim) = (queries.shape[1], queries.shape[2], queries.shape[3]);
        if (probe.FirstHead < 0 || probe.Heads < 1 || probe.FirstHead + probe.Heads > heads)
        {
            throw new ArgumentOutOfRangeException(nameof(probe), probe, $"probes heads outside the layer's {heads}.");
        }

        var perGroup = heads / _kvHeads;
        var headRange = probe.FirstHead..(probe.FirstHead + probe.Heads);
        var kvIndex = tensor(Enumerable.Range(probe.FirstHead, probe.Heads).Select(h => (long)(h / perGroup)).ToArray(), device: queries.device); // (H,): each head's KV head
        var picked = tensor(probe.Rows, device: queries.device);                                            // (R,)
        var q = queries[0, headRange].index_select(1, picked);                                              // (H, R, Dh)
        var k = keys[0].index_select(0, kvIndex);                                                           // (H, T, Dh)
        var scores = q.matmul(k.transpose(1, 2)).DivScalar(Math.Sqrt(headDim));                                     // (H, R, T)
        var future = HeldScalars.Arange(tokens, queries.device).unsqueeze(0).gt(picked.unsqueeze(1));          // (R, T)
        _probabilities[index]?.Dispose();
        _probabilities[index] = scores.MaskedFillScalar(future.unsqueeze(0), double.NegativeInfinity).softmax(-1).DetachFromDisposeScope();
        _outputs[index]?.Dispose();
        _outputs[index] = output[0, headRange].index_select(1, picked).transpose(0, 1)                      // (R, H, Dh)
            .reshape(probe.Rows.Length, probe.Heads * headDim).DetachFromDisposeScope();
    }

    public void Advance(int tokens)
    {
    }

    public void Dispose()
    {
        foreach (var tensor in _probabilities.Concat(_outputs))
        {
            tensor?.Dispose();
        }
    }
}
