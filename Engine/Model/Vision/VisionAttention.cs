using SparseVila.Engine.Model.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

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

    /// <summary>
    /// Each token's salience (N, L) from this layer's attention over its normed input (N, L, D),
    /// averaged over heads: the [CLS] token's attention to it when <paramref name="classToken"/>
    /// (CLIP), else the mean attention it receives from the frame's tokens (SigLIP). At most one
    /// frame's (H, L, L) attention exists at a time.
    /// </summary>
    public Tensor Salience(Tensor normed, bool classToken)
    {
        using var scope = NewDisposeScope();
        var (frames, tokens) = (normed.shape[0], normed.shape[1]);
        Tensor Split(Linear projection) =>
            projection.forward(normed).view(frames, tokens, _heads, _headDim).transpose(1, 2);   // (N, H, L, Dh)
        var q = Split(q_proj);
        var k = Split(k_proj);
        var scale = 1.0 / Math.Sqrt(_headDim);
        if (classToken)
        {
            var cls = q[.., .., ..1, ..].matmul(k.transpose(2, 3)).MulScalar(scale);                    // (N, H, 1, L)
            return cls.softmax(-1).mean([1L, 2L]).MoveToOuterDisposeScope();                   // (N, L)
        }

        var received = new Tensor[frames];
        for (var f = 0; f < frames; f++)
        {
            var probabilities = q[f].matmul(k[f].transpose(1, 2)).MulScalar(scale).softmax(-1);        // (H, L, L)
            received[f] = probabilities.mean([0L, 1L]);                                         // (L,)
        }

        return stack(received).MoveToOuterDisposeScope();                                        // (N, L)
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
