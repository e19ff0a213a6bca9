using SparseVila.Engine.Model.Layers;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Model;

public sealed class HeldScalarsTests
{
    [Fact]
    public void Arithmetic_MatchesTorchs_AndIntegerTensorsStayInteger()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -2.0f, 0.0f, 3.0f });
        var codes = tensor(new long[] { 1, 2, 3 });

        Assert.Equal(new[] { -1.0f, 0.0f, 1.5f }, x.MulScalar(0.5).data<float>().ToArray());
        Assert.Equal(new[] { -1.0f, 0.0f, 1.5f }, x.DivScalar(2.0).data<float>().ToArray());
        Assert.Equal(new[] { -1.5f, 0.5f, 3.5f }, x.AddScalar(0.5).data<float>().ToArray());
        Assert.Equal(new long[] { 16, 32, 48 }, codes.MulScalar(16).data<long>().ToArray());
        Assert.Equal(new long[] { 11, 12, 13 }, codes.AddScalar(10L).data<long>().ToArray());
        Assert.Equal(new[] { -4.0f, 0.0f, 6.0f }, x.Plus(x).data<float>().ToArray());
        Assert.Equal(new long[] { 2, 4, 6 }, codes.Plus(codes).data<long>().ToArray());
        Assert.Equal(new[] { 4.0f, 0.0f, 9.0f }, x.Squared().data<float>().ToArray());
        Assert.Equal(new[] { false, false, true }, x.GtScalar(0.0).data<bool>().ToArray());
        Assert.Equal(new[] { false, true, false }, x.EqScalar(0.0).data<bool>().ToArray());
        Assert.Equal(new[] { true, false, true }, codes.NeScalar(2).data<bool>().ToArray());
        Assert.Equal(new[] { 0.0f, 0.0f, 2.0f }, x.ClampScalar(0, 2).data<float>().ToArray());
        Assert.Equal(new[] { -1.0f, 0.0f, 3.0f }, x.ClampMinScalar(-1).data<float>().ToArray());
        Assert.Equal(new[] { float.NegativeInfinity, 0.0f, float.NegativeInfinity }, x.MaskedFillScalar(x.EqScalar(0.0).logical_not(), double.NegativeInfinity).data<float>().ToArray());
        Assert.Equal(new[] { 7.0f, 0.0f, 7.0f }, x.IndexFillScalar(0, tensor(new long[] { 0, 2 }), 7.0).data<float>().ToArray());
        Assert.Equal(new[] { -2.0f, 0.0f, 3.0f }, x.data<float>().ToArray());
        x.IndexFillScalarInPlace(0, tensor(new long[] { 1 }), 5.0);
        Assert.Equal(new[] { -2.0f, 5.0f, 3.0f }, x.data<float>().ToArray());
    }

    [Fact]
    public void Factories_MakeRangesAndFills_OfTheAskedType()
    {
        using var scope = NewDisposeScope();

        var range = HeldScalars.Arange(4);
        var floats = HeldScalars.Arange(3, dtype: ScalarType.Float64);
        var filled = HeldScalars.Full(3, -1L);

        Assert.Equal([ScalarType.Int64, ScalarType.Float64, ScalarType.Int64], [range.dtype, floats.dtype, filled.dtype]);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, range.data<long>().ToArray());
        Assert.Equal(new[] { 0.0, 1.0, 2.0 }, floats.data<double>().ToArray());
        Assert.Equal(new long[] { -1, -1, -1 }, filled.data<long>().ToArray());
    }
}
