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
    // Held for the module's life: an implicitly converted Scalar (`t + 1e-6`, `t.pow(2)`) is left to the finalizer, which
    // TorchSharp 0.107 may run while the native call still reads it ("Unknown scalar type", seen after ~30 conversations
    // of a benchmark). The fields keep epsilon and add's alpha (1, which TorchSharp would otherwise make implicitly)
    // alive; x² is a square, which takes no Scalar.
    private readonly Scalar _epsilon;
    private readonly Scalar _one;

    public RmsNorm(long hiddenSize, double epsilon) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(hiddenSize));
        _epsilon = epsilon.ToScalar();
        _one = 1.0.ToScalar();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);                            // (…, D)
        var normalised = x * rsqrt(x.Squared().mean([-1L], keepdim: true).add(_epsilon, _one));
        return (normalised.to_type(input.dtype) * weight).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _epsilon.Dispose();
            _one.Dispose();
        }

        base.Dispose(disposing);
    }
}
