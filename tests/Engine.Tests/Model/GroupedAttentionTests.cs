using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Model;

/// <summary>The grouped-query trick against a plain reference: repeated K/V heads, explicit mask and softmax.</summary>
public sealed class GroupedAttentionTests
{
    private static Tensor Reference(Tensor q, Tensor keys, Tensor values, int kvHeads)
    {
        var (heads, tokens, headDim) = (q.shape[1], q.shape[2], q.shape[3]);
        var contextTokens = keys.shape[2];
        var groups = heads / kvHeads;
        var k = keys.repeat_interleave(groups, 1);                                   // (1, H, S, Dh)
        var v = values.repeat_interleave(groups, 1);                                 // (1, H, S, Dh)
        var scores = q.matmul(k.transpose(2, 3)) / Math.Sqrt(headDim);              // (1, H, T, S)
        var visible = arange(contextTokens).unsqueeze(0).le(arange(tokens).unsqueeze(1) + (contextTokens - tokens)); // (T, S)
        scores = scores.masked_fill(visible.logical_not(), double.NegativeInfinity);
        return scores.softmax(-1).matmul(v);                                         // (1, H, T, Dh)
    }

    [Theory]
    [InlineData(8, 2, 1, 9)]   // decode: one token over a 9-token context
    [InlineData(8, 2, 5, 5)]   // prefill from empty
    [InlineData(6, 3, 4, 11)]  // a chunk after 7 cached tokens
    [InlineData(4, 4, 3, 6)]   // plain multi-head (one query head per KV head)
    public void Attend_MatchesTheReference(int heads, int kvHeads, int tokens, int contextTokens)
    {
        using var scope = NewDisposeScope();
        var q = randn(1, heads, tokens, 8);
        var keys = randn(1, kvHeads, contextTokens, 8);
        var values = randn(1, kvHeads, contextTokens, 8);

        var actual = GroupedAttention.Attend(q, keys, values, kvHeads);

        Assert.True(actual.allclose(Reference(q, keys, values, kvHeads), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void CausalMask_LetsEachNewTokenSeeEverythingUpToItself()
    {
        using var mask = GroupedAttention.CausalMask(2, 4, CPU);

        Assert.Equal([true, true, true, false, true, true, true, true], mask.data<bool>().ToArray());
    }
}
