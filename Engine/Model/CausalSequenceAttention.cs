using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>
/// Attention over one whole sequence at once, causal, storing nothing: what training needs (autograd
/// flows through it; a <see cref="KvCache"/> copies into preallocated buffers instead).
/// </summary>
public sealed class CausalSequenceAttention(int kvHeads) : IAttentionCache
{
    /// <summary>Always 0: each forward is a whole sequence from its start.</summary>
    public int NextPosition => 0;

    /// <inheritdoc />
    public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values) =>
        Text.GroupedAttention.Attend(queries, keys, values, kvHeads);

    /// <inheritdoc />
    public void Advance(int tokens)
    {
    }
}
