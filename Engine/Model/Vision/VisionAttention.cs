using SparseVila.Engine.Model.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Vision;

/// <summary>Bidirectional multi-head self-attention over one frame's tokens (CLIP/SigLIP).</summary>
public sealed class VisionAttention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly int _headDim;

    public VisionAttention(VisionConfig config) : base(nameof(VisionAttention))
    {
        _heads = config.NumAttentionHeads;
        _headDim = config.HeadDim;
        q_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        k_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        v_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        out_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>(N, L, D) → (N, L, D).</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Project(hidden);                                                   // each (N, H, L, Dh)
        var attended = nn.functional.scaled_dot_product_attention(q, k, v);               // (N, H, L, Dh)
        return out_proj.forward(Merge(attended)).MoveToOuterDisposeScope();
    }

    private (Tensor Q, Tensor K, Tensor V) Project(Tensor hidden)
    {
        var (frames, tokens) = (hidden.shape[0], hidden.shape[1]);
        Tensor Split(Linear projection) =>
            projection.forward(hidden).view(frames, tokens, _heads, _headDim).transpose(1, 2); // (N, H, L, Dh)
        return (Split(q_proj), Split(k_proj), Split(v_proj));
    }

    private static Tensor Merge(Tensor heads) =>
        heads.transpose(1, 2).flatten(2);                                                  // (N, L, H·Dh)
}
