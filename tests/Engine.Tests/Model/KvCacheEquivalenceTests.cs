using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Model;

/// <summary>Incremental decoding and chunked prefill compute what one full forward computes.</summary>
public sealed class KvCacheEquivalenceTests
{
    private const double Tolerance = 1e-4;

    private static Tensor FullLogits(CausalLanguageModel lm, Tensor ids)
    {
        using var cache = lm.NewCache(4, ScalarType.Float32, CPU);
        return lm.Forward(new DecoderInput(lm.Embed(ids), [cache], Logits: LogitsSelection.AllTokens)); // (1, T, V)
    }

    [Theory]
    [InlineData("qwen2", false)]
    [InlineData("llama", true)]
    public void IncrementalDecoding_MatchesTheFullForwardAtEveryPosition(string llm, bool tie)
    {
        using var model = TinyModels.Model(TinyModels.Config(llm: llm, tie: tie));
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var lm = model.LanguageModel;
        var ids = randint(0, TinyModels.VocabSize, [1, 12]);
        var full = FullLogits(lm, ids);

        using var cache = lm.NewCache(2, ScalarType.Float32, CPU); // small: forces the buffers to grow
        var prefill = lm.Forward(new DecoderInput(lm.Embed(ids[.., ..5]), [cache]));
        Assert.True(prefill[0, 0].allclose(full[0, 4], Tolerance, Tolerance));
        for (var t = 5; t < 12; t++)
        {
            var step = lm.Forward(new DecoderInput(lm.Embed(ids[.., t..(t + 1)]), [cache]));
            Assert.True(step[0, 0].allclose(full[0, t], Tolerance, Tolerance), $"position {t}");
        }

        Assert.Equal(12, cache.LengthTokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void ChunkedPrefill_MatchesOneShotPrefill(int chunkTokens)
    {
        using var model = TinyModels.Model();
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var lm = model.LanguageModel;
        var ids = randint(0, TinyModels.VocabSize, [1, 10]);
        var full = FullLogits(lm, ids);

        using var cache = lm.NewCache(16, ScalarType.Float32, CPU);
        Tensor last = empty(0);
        for (var start = 0; start < 10; start += chunkTokens)
        {
            var end = Math.Min(10, start + chunkTokens);
            last = lm.Forward(new DecoderInput(lm.Embed(ids[.., start..end]), [cache]));
        }

        Assert.True(last[0, 0].allclose(full[0, 9], Tolerance, Tolerance));
        for (var layer = 0; layer < cache.Layers; layer++)
        {
            using var oneShot = lm.NewCache(16, ScalarType.Float32, CPU);
            lm.Forward(new DecoderInput(lm.Embed(ids), [oneShot], Logits: LogitsSelection.None));
            Assert.True(cache.Layer(layer).Keys.allclose(oneShot.Layer(layer).Keys, Tolerance, Tolerance));
        }
    }

    [Fact]
    public void BatchedDecode_OfSequencesWithDifferentHistories_MatchesDecodingEachAlone()
    {
        using var model = TinyModels.Model();
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var lm = model.LanguageModel;
        var first = randint(0, TinyModels.VocabSize, [1, 4]);
        var second = randint(0, TinyModels.VocabSize, [1, 9]);
        var next = randint(0, TinyModels.VocabSize, [2, 1]);

        using var a = lm.NewCache(16, ScalarType.Float32, CPU);
        using var b = lm.NewCache(16, ScalarType.Float32, CPU);
        lm.Forward(new DecoderInput(lm.Embed(first), [a]));
        lm.Forward(new DecoderInput(lm.Embed(second), [b]));
        var batched = lm.Forward(new DecoderInput(lm.Embed(next), [a, b]));        // (2, 1, V)

        var aloneA = FullLogits(lm, cat([first, next[0..1]], 1))[0, ^1];
        var aloneB = FullLogits(lm, cat([second, next[1..2]], 1))[0, ^1];
        Assert.True(batched[0, 0].allclose(aloneA, Tolerance, Tolerance));
        Assert.True(batched[1, 0].allclose(aloneB, Tolerance, Tolerance));
        Assert.Equal((5, 10), (a.LengthTokens, b.LengthTokens));
    }

    [Fact]
    public void Truncate_ForgetsTokens_SoTheyCanBeRecomputed()
    {
        using var model = TinyModels.Model();
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var lm = model.LanguageModel;
        var ids = randint(0, TinyModels.VocabSize, [1, 6]);
        using var cache = lm.NewCache(8, ScalarType.Float32, CPU);
        var once = lm.Forward(new DecoderInput(lm.Embed(ids), [cache]));

        cache.Truncate(3);
        var again = lm.Forward(new DecoderInput(lm.Embed(ids[.., 3..]), [cache]));

        Assert.True(again.allclose(once, Tolerance, Tolerance));
    }

    [Fact]
    public void CausalSequenceAttention_ComputesTheCachedLogits_AndPassesGradients()
    {
        using var model = TinyModels.Model();
        using var scope = NewDisposeScope();
        var lm = model.LanguageModel;
        var ids = randint(0, TinyModels.VocabSize, [1, 9]);
        Tensor cached;
        using (no_grad())
        {
            cached = FullLogits(lm, ids);
        }

        using var grad = enable_grad();
        var logits = lm.Forward(new DecoderInput(lm.Embed(ids), [new CausalSequenceAttention(lm.Config.NumKeyValueHeads)], Logits: LogitsSelection.AllTokens));
        logits.sum().backward();

        Assert.True(logits.allclose(cached, Tolerance, Tolerance));
        Assert.All(lm.parameters(), p => Assert.NotNull(p.grad));
    }
}
