using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Model.Text;

/// <summary>
/// Scaled-dot-product attention for grouped-query heads without repeating keys and values: the G
/// query heads that share a key/value head are laid along the query axis, (1, Hkv, G·T, Dh), so
/// one SDPA call reads each key/value head once.
/// </summary>
public static class GroupedAttention
{
    /// <summary>
    /// q (1, H, T, Dh) attends over keys/values (1, Hkv, S, Dh) whose last T positions are q's own
    /// tokens (causal among them, everything before visible). Returns (1, H, T, Dh).
    /// </summary>
    public static Tensor Attend(Tensor q, Tensor keys, Tensor values, int kvHeads)
    {
        using var scope = NewDisposeScope();
        var (heads, tokens, headDim) = (q.shape[1], q.shape[2], q.shape[3]);
        var contextTokens = keys.shape[2];
        if (heads % kvHeads != 0 || contextTokens < tokens)
        {
            throw new ArgumentException($"Cannot attend {heads} heads × {tokens} tokens over {kvHeads} KV heads × {contextTokens} tokens.", nameof(q));
        }

        var groups = heads / kvHeads;
        var grouped = q.reshape(1, kvHeads, groups * tokens, headDim);                       // (1, Hkv, G·T, Dh)
        Tensor? mask = null;
        if (tokens > 1)
        {
            mask = CausalMask(tokens, contextTokens, q.device).repeat(groups, 1);            // (G·T, S)
        }

        var output = nn.functional.scaled_dot_product_attention(grouped, keys, values, mask); // (1, Hkv, G·T, Dh)
        return output.reshape(1, heads, tokens, headDim).MoveToOuterDisposeScope();
    }

    /// <summary>(T, S) boolean mask: new token t (at position S − T + t) sees positions ≤ its own.</summary>
    public static Tensor CausalMask(long tokens, long contextTokens, Device device)
    {
        using var scope = NewDisposeScope();
        var rows = HeldScalars.Arange(tokens, device).unsqueeze(1).AddScalar(contextTokens - tokens);   // (T, 1)
        var columns = HeldScalars.Arange(contextTokens, device).unsqueeze(0);                     // (1, S)
        return columns.le(rows).MoveToOuterDisposeScope();                                    // (T, S)
    }
}
