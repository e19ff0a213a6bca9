using static TorchSharp.torch;

namespace SparseVila.Engine.Tests;

/// <summary>libtorch loads and computes in this process (the native fix worked on this host).</summary>
public sealed class TorchComputeTests
{
    [Fact]
    public void Matmul_MatchesValuesComputedByHand()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);       // (2, 3)
        var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }).reshape(3, 2);    // (3, 2)

        var product = a.matmul(b);                                            // (2, 2)

        // [1 2 3]·[7 9 11]ᵀ = 58, ·[8 10 12]ᵀ = 64; [4 5 6]·… = 139, 154.
        Assert.Equal([2L, 2L], product.shape);
        Assert.Equal([58f, 64f, 139f, 154f], product.data<float>().ToArray());
    }

    [Fact]
    public void Softmax_RowsSumToOne()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0, 1, 2, -1, 0, 1 }).reshape(2, 3); // (2, 3)

        var sums = logits.softmax(-1).sum(-1);                                // (2,)

        Assert.All(sums.data<float>().ToArray(), s => Assert.Equal(1f, s, 1e-6f));
    }
}
