using SparseVila.Engine.Model.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>The LLaVA projector (<c>multi_modal_projector</c>): linear_2(gelu(linear_1(x))), vision width → LLM width.</summary>
public sealed class MultiModalProjector : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Linear linear_1;
    private readonly Linear linear_2;
#pragma warning restore IDE1006

    public MultiModalProjector(LlavaConfig config) : base(nameof(MultiModalProjector))
    {
        linear_1 = nn.Linear(config.Vision.HiddenSize, config.Text.HiddenSize, hasBias: config.ProjectorBias);
        linear_2 = nn.Linear(config.Text.HiddenSize, config.Text.HiddenSize, hasBias: config.ProjectorBias);
        RegisterComponents();
    }

    /// <summary>(…, Dv) → (…, D).</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        return linear_2.forward(nn.functional.gelu(linear_1.forward(features))).MoveToOuterDisposeScope();
    }
}
