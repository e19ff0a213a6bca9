using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>
/// What one sequence's attention reads and writes, per decoder layer: a plain <see cref="KvCache"/>, or
/// a cache that also scores or selects what earlier tokens are visible (SparseVILA's retrieval).
/// </summary>
public interface IAttentionCache
{
    /// <summary>The rotary position of the next token written.</summary>
    int NextPosition { get; }

    /// <summary>
    /// Stores a layer's new keys and values (1, Hkv, T, Dh) and attends the new queries (1, H, T, Dh)
    /// over everything visible plus the new tokens (causal among them). Returns (1, H, T, Dh).
    /// </summary>
    Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values);

    /// <summary>Commits <paramref name="tokens"/> tokens, once every layer has attended.</summary>
    void Advance(int tokens);
}
