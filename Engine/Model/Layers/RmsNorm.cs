using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Layers;

/// <summary>Root-mean-square layer norm (Llama, Qwen2): x · rsqrt(mean(x²) + ε) · weight, computed in fp32.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double _epsilon;

    public RmsNorm(long hiddenSize, double epsilon) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(hiddenSize));
        _epsilon = epsilon;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);                            // (…, D)
        var normalised = x * rsqrt(x.pow(2).mean([-1L], keepdim: true) + _epsilon);
        return (normalised.to_type(input.dtype) * weight).MoveToOuterDisposeScope();
    }
}
