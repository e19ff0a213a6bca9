using TorchSharp;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Layers;

/// <summary>
/// Tensor operations with a number, each holding the number's <see cref="Scalar"/> until libtorch has read it.
/// </summary>
/// <remarks>
/// In TorchSharp 0.107 a Scalar made by an implicit conversion (<c>t * 0.5</c>, <c>t.masked_fill(m, 0.0)</c>,
/// <c>arange(n)</c>) belongs to no dispose scope and nothing references it once the call has read its handle, so the
/// finalizer thread may free it while the native call still reads it: "Unknown scalar type", or a wrong value
/// (dotnet/TorchSharp PRs #1434, #1496). These make the Scalar explicitly and dispose of it after the call. The engine's
/// and the trainer's sources are checked for implicit Scalars by <c>TorchScalarLifetimeTests</c>.
/// </remarks>
public static class HeldScalars
{
    /// <summary><paramref name="x"/> · <paramref name="factor"/>.</summary>
    public static Tensor MulScalar(this Tensor x, double factor) => Held(factor.ToScalar(), x.mul);

    /// <summary><paramref name="x"/> · <paramref name="factor"/>, integral (an integer tensor stays integer).</summary>
    public static Tensor MulScalar(this Tensor x, long factor) => Held(factor.ToScalar(), x.mul);

    /// <summary><paramref name="x"/> / <paramref name="divisor"/>.</summary>
    public static Tensor DivScalar(this Tensor x, double divisor) => Held(divisor.ToScalar(), held => x.div(held));

    /// <summary><paramref name="x"/> + <paramref name="addend"/>.</summary>
    public static Tensor AddScalar(this Tensor x, double addend) => Held(addend.ToScalar(), held => AddWithHeldAlpha(x, held));

    /// <summary><paramref name="x"/> + <paramref name="addend"/>, integral (an integer tensor stays integer).</summary>
    public static Tensor AddScalar(this Tensor x, long addend) => Held(addend.ToScalar(), held => AddWithHeldAlpha(x, held));

    /// <summary>
    /// <paramref name="x"/> + <paramref name="y"/>, element-wise. TorchSharp's <c>x + y</c> and <c>x.add(y)</c> are
    /// <c>add(y, 1)</c>, whose alpha is an implicit Scalar; freed mid-call it failed an int4 dequantisation in a benchmark
    /// with "Expected false to be true" from libtorch's Scalar conversion.
    /// </summary>
    public static Tensor Plus(this Tensor x, Tensor y) => Held(1L.ToScalar(), one => x.add(y, one));

    /// <summary><paramref name="x"/>², element-wise. TorchSharp's <c>square()</c> is <c>pow(2)</c> with an implicit Scalar.</summary>
    public static Tensor Squared(this Tensor x) => x.mul(x);

    /// <summary>Whether each element of <paramref name="x"/> is greater than <paramref name="threshold"/>.</summary>
    public static Tensor GtScalar(this Tensor x, double threshold) => Held(threshold.ToScalar(), held => x.gt(held));

    /// <summary>Whether each element of <paramref name="x"/> equals <paramref name="value"/>.</summary>
    public static Tensor EqScalar(this Tensor x, double value) => Held(value.ToScalar(), x.eq);

    /// <summary>Whether each element of <paramref name="x"/> differs from <paramref name="value"/>.</summary>
    public static Tensor NeScalar(this Tensor x, long value) => Held(value.ToScalar(), x.ne);

    /// <summary><paramref name="x"/> with <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public static Tensor MaskedFillScalar(this Tensor x, Tensor mask, double value) => Held(value.ToScalar(), held => x.masked_fill(mask, held));

    /// <summary><paramref name="x"/> clamped to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Tensor ClampScalar(this Tensor x, double min, double max)
    {
        using var low = min.ToScalar();
        return Held(max.ToScalar(), high => x.clamp(low, high));
    }

    /// <summary><paramref name="x"/> clamped to at least <paramref name="min"/>.</summary>
    public static Tensor ClampMinScalar(this Tensor x, double min) => Held(min.ToScalar(), x.clamp_min);

    /// <summary><paramref name="x"/> with <paramref name="value"/> at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public static Tensor IndexFillScalar(this Tensor x, long dim, Tensor index, double value) => Held(value.ToScalar(), held => x.index_fill(dim, index, held));

    /// <summary>Sets <paramref name="x"/> to <paramref name="value"/> at <paramref name="index"/> along <paramref name="dim"/>, in place.</summary>
    public static Tensor IndexFillScalarInPlace(this Tensor x, long dim, Tensor index, double value) => Held(value.ToScalar(), held => x.index_fill_(dim, index, held));

    /// <summary>Sets <paramref name="x"/> to <paramref name="value"/> at <paramref name="index"/> along <paramref name="dim"/>, in place.</summary>
    public static Tensor IndexFillScalarInPlace(this Tensor x, long dim, Tensor index, bool value) => Held(value.ToScalar(), held => x.index_fill_(dim, index, held));

    /// <summary>0, 1, …, <paramref name="count"/> − 1 as <paramref name="dtype"/>.</summary>
    public static Tensor Arange(long count, Device? device = null, ScalarType dtype = ScalarType.Int64)
    {
        using var start = 0L.ToScalar();
        using var step = 1L.ToScalar();
        return Held(count.ToScalar(), stop => arange(start, stop, step, dtype, device));
    }

    /// <summary>A (<paramref name="length"/>,) int64 tensor of <paramref name="value"/>.</summary>
    public static Tensor Full(long length, long value, Device? device = null) =>
        Held(value.ToScalar(), held => full([length], held, ScalarType.Int64, device));

    /// <summary>
    /// <paramref name="x"/> + <paramref name="addend"/> with the alpha (1) held too: TorchSharp's <c>add(Scalar)</c> passes
    /// <c>add(scalar, 1)</c>, an implicit Scalar of its own. Freed mid-call, it failed a benchmark with "For integral input
    /// tensors, argument alpha must not be a floating point number" in <see cref="Model.Text.GroupedAttention.CausalMask"/>.
    /// </summary>
    private static Tensor AddWithHeldAlpha(Tensor x, Scalar addend) => Held(1L.ToScalar(), one => x.add(addend, one));

    /// <summary>Runs <paramref name="operation"/> on <paramref name="scalar"/>, then disposes of it: it lives until libtorch has read it.</summary>
    private static Tensor Held(Scalar scalar, Func<Scalar, Tensor> operation)
    {
        using (scalar)
        {
            return operation(scalar);
        }
    }
}
