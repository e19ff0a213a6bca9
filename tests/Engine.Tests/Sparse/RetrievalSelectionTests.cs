using SparseVila.Engine.Model;
using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class RetrievalSelectionTests(SparseEngineFixture engine) : IClassFixture<SparseEngineFixture>
{
    private (RetrievalScoringCache Scoring, KvCache History) Score(VisualContext context, string question)
    {
        var vlm = engine.Vlm;
        var history = new KvCache(context.Layers, context.KvHeads, context.HeadDim, 32, ScalarType.Float32, CPU) { PositionOffset = context.LengthTokens };
        var scoring = new RetrievalScoringCache(context, history);
        var ids = vlm.Tokenizer.Encode(question + vlm.Template.RenderUserTurnEnd()).Select(i => (long)i).ToArray();
        using var embeddings = vlm.Model.EmbedTokens(tensor(ids).unsqueeze(0));
        vlm.Generator.Prefill(embeddings, scoring, 512).Dispose();
        return (scoring, history);
    }

    [Fact]
    public async Task EachHeadPicksItsTopScoredVisualTokens_AndTheCompactCacheGathersExactlyThose()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);
        var (scoring, history) = Score(context, "the cat?");
        using var _ = scoring;
        using var __ = history;
        var options = new RetrievalOptions { RetrievalRatio = 0.25 };
        var budget = options.BudgetFor(context.VisualPositions.Count);

        using var selection = RetrievalSelection.FromScores(scoring, context, options);
        using var compact = selection.BuildCompactCache(context, history, 4);

        Assert.Equal(budget, selection.TokensPerHead);
        Assert.Equal(context.LengthTokens + history.LengthTokens, compact.NextPosition);
        var textPositions = Enumerable.Range(0, context.LengthTokens).Where(p => context.Tokens[p].Kind == ContextTokenKind.Text).ToList();
        for (var layer = 0; layer < context.Layers; layer++)
        {
            var scores = scoring.Scores(layer);                                                  // (Hkv, Pvis)
            for (var head = 0; head < context.KvHeads; head++)
            {
                var expected = scores[head].topk(budget).indexes.data<long>().Select(i => context.VisualPositions[(int)i]).Order().ToList();
                var picked = selection.Picked(layer)[head].data<long>().Select(p => (int)p).ToList();
                Assert.Equal(expected, picked);

                var positions = textPositions.Concat(picked).Order().Select(p => (long)p).ToArray();
                var gathered = context.Keys(layer)[0, head].index_select(0, tensor(positions));  // (k', Dh)
                Assert.True(compact.Layer(layer).Keys[0, head, ..positions.Length].allclose(gathered, 0, 0));
                Assert.True(compact.Layer(layer).Keys[0, head, positions.Length..].allclose(history.Layer(layer).Keys[0, head], 0, 0));
            }
        }
    }

    [Fact]
    public async Task DifferentQuestions_RetrieveDifferentTokens_FromTheSameContext()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);
        var options = new RetrievalOptions { RetrievalRatio = 0.1 };
        var (a, historyA) = Score(context, "the cat?");
        var (b, historyB) = Score(context, "é é é 你好 😀 1234");
        using var _ = a;
        using var __ = b;
        using var ___ = historyA;
        using var ____ = historyB;

        using var first = RetrievalSelection.FromScores(a, context, options);
        using var second = RetrievalSelection.FromScores(b, context, options);

        Assert.Contains(Enumerable.Range(0, context.Layers), layer => !first.Picked(layer).equal(second.Picked(layer)).all().item<bool>());
    }

    [Fact]
    public async Task SinkTokens_AreAlwaysRetrieved()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);
        var (scoring, history) = Score(context, "the cat?");
        using var _ = scoring;
        using var __ = history;

        using var selection = RetrievalSelection.FromScores(scoring, context, new RetrievalOptions { TokenBudget = 5, SinkTokens = 3 });

        var sinks = context.VisualPositions.Take(3).Select(p => (long)p).ToArray();
        Assert.All(Enumerable.Range(0, context.Layers), layer =>
            Assert.All(Enumerable.Range(0, context.KvHeads), head => Assert.Subset(selection.Picked(layer)[head].data<long>().ToHashSet(), sinks.ToHashSet())));
    }
}
