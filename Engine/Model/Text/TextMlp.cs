using SparseVila.Engine.Model.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Text;

/// <summary>The SwiGLU feed-forward block: down(silu(gate(x)) · up(x)).</summary>
public sealed class TextMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;
#pragma warning restore IDE1006

    public TextMlp(TextConfig config) : base(nameof(TextMlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: config.MlpBias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var gated = nn.functional.silu(gate_proj.forward(input)) * up_proj.forward(input); // (B, T, I)
        return down_proj.forward(gated).MoveToOuterDisposeScope();                       // (B, T, D)
    }
}
