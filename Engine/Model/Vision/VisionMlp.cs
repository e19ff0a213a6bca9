using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Vision;

/// <summary>The ViT feed-forward block: fc2(act(fc1(x))).</summary>
public sealed class VisionMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006
    private readonly string _activation;

    public VisionMlp(VisionConfig config) : base(nameof(VisionMlp))
    {
        fc1 = nn.Linear(config.HiddenSize, config.IntermediateSize);
        fc2 = nn.Linear(config.IntermediateSize, config.HiddenSize);
        _activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(Activations.Apply(_activation, fc1.forward(input))).MoveToOuterDisposeScope();
    }
}
