using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Layers;

/// <summary>The activations Hugging Face configs name, by their config names.</summary>
public static class Activations
{
    /// <summary>Applies the activation <paramref name="name"/> (<c>silu</c>, <c>gelu</c>, <c>gelu_pytorch_tanh</c>, <c>quick_gelu</c>).</summary>
    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "silu" => nn.functional.silu(x),
        "gelu" => nn.functional.gelu(x),
        "gelu_pytorch_tanh" => nn.functional.gelu(x, GELU.Approximate.tanh),
        // quick_gelu (CLIP): x · σ(1.702 x), the sigmoid approximation of GELU.
        "quick_gelu" => x * sigmoid(x.MulScalar(1.702)),
        _ => throw new ArgumentException($"Activation '{name}' is not implemented.", nameof(name)),
    };
}
