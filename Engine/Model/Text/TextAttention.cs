using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Text;

/// <summary>
/// Grouped-query self-attention of a Llama/Qwen2 decoder layer. Each row of the batch has its own
/// <see cref="IAttentionCache"/>; projections run batched, attention per row against that row's cache.
/// </summary>
public sealed class TextAttention : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;

    public TextAttention(TextConfig config) : base(nameof(TextAttention))
    {
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        q_proj = nn.Linear(config.HiddenSize, _heads * _headDim, hasBias: config.QkvBias);
        k_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, hasBias: config.QkvBias);
        v_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, hasBias: config.QkvBias);
        o_proj = nn.Linear(_heads * _headDim, config.HiddenSize, hasBias: config.OutputBias);
        RegisterComponents();
    }

    /// <summary>Attends <paramref name="hidden"/> (B, T, D) over each row's cache plus itself; returns (B, T, D).</summary>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, IReadOnlyList<IAttentionCache> caches, int layer)
    {
        using var scope = NewDisposeScope();
        var (batch, tokens) = (hidden.shape[0], hidden.shape[1]);
        var q = q_proj.forward(hidden).view(batch, tokens, _heads, _headDim).transpose(1, 2);    // (B, H, T, Dh)
        var k = k_proj.forward(hidden).view(batch, tokens, _kvHeads, _headDim).transpose(1, 2);  // (B, Hkv, T, Dh)
        var v = v_proj.forward(hidden).view(batch, tokens, _kvHeads, _headDim).transpose(1, 2);  // (B, Hkv, T, Dh)
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);

        var rows = new Tensor[batch];
        for (var b = 0; b < batch; b++)
        {
            rows[b] = caches[b].Attend(layer, q[b..(b + 1)], k[b..(b + 1)], v[b..(b + 1)]);        // (1, H, T, Dh)
        }

        var attended = (batch == 1 ? rows[0] : cat(rows, 0))                                    // (B, H, T, Dh)
            .transpose(1, 2).reshape(batch, tokens, _heads * _headDim);                          // (B, T, H·Dh)
        return o_proj.forward(attended).MoveToOuterDisposeScope();
    }
}
