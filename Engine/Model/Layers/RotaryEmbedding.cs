using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Layers;

/// <summary>
/// Rotary position embedding (RoPE, rotate-half form as in Llama/Qwen2): inverse frequencies
/// θ^(−2i/d) for i in [0, d/2), applied to queries and keys at explicit integer positions.
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly Tensor _inverseFrequencies; // (Dh/2,) fp32

    public RotaryEmbedding(int headDim, double theta, Device device)
    {
        if (headDim % 2 != 0)
        {
            throw new ArgumentException($"Rotary embeddings need an even head dimension, not {headDim}.", nameof(headDim));
        }

        using var exponents = HeldScalars.Arange(headDim / 2, dtype: ScalarType.Float64).MulScalar(2.0).DivScalar(headDim); // (Dh/2,): 0, 2, …, Dh − 2 over Dh
        _inverseFrequencies = pow(theta, -exponents).to_type(ScalarType.Float32).to(device).DetachFromDisposeScope();
    }

    /// <summary>cos and sin tables for <paramref name="positions"/> (…, T) → each (…, T, Dh) in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) Tables(Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var angles = positions.to_type(ScalarType.Float32).unsqueeze(-1) * _inverseFrequencies; // (…, T, Dh/2)
        var doubled = cat([angles, angles], -1);                                                // (…, T, Dh)
        return (doubled.cos().to_type(dtype).MoveToOuterDisposeScope(), doubled.sin().to_type(dtype).MoveToOuterDisposeScope());
    }

    /// <summary>x · cos + rotate_half(x) · sin, for x (B, H, T, Dh) and tables (B, T, Dh).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var first = x[.., .., .., ..(int)half];                               // (B, H, T, Dh/2)
        var second = x[.., .., .., (int)half..];                              // (B, H, T, Dh/2)
        var rotated = cat([-second, first], -1);                              // (B, H, T, Dh)
        return (x * cos.unsqueeze(1)).Plus(rotated * sin.unsqueeze(1)).MoveToOuterDisposeScope();
    }
}
