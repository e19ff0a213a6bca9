using SparseVila.Engine.Generation;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class ConversationTests(SparseEngineFixture engine) : IClassFixture<SparseEngineFixture>
{
    private static readonly AskOptions Greedy = new() { MaxNewTokens = 6 };

    /// <summary>The same conversation answered the plain way: one dense KV cache over the whole prompt.</summary>
    private async Task<IReadOnlyList<int>> DenseReferenceAsync(IReadOnlyList<(string Question, IReadOnlyList<int>? Answer)> turns)
    {
        var vlm = engine.Vlm;
        var video = await vlm.FrameEncoder.EncodeVideoAsync(engine.VideoPath, new FixedRateFrameSampling(1), 8, TestContext.Current.CancellationToken);
        var opening = string.Concat(vlm.NewChat().System(new VisualContextOptions().SystemPrompt).Build().OfType<TextSegment>().Select(s => s.Text));
        var ids = vlm.Assembler.Assemble([new TextSegment(opening + vlm.Template.RenderUserTurnStart()), video]);
        var segments = new List<int>();
        for (var i = 0; i < turns.Count; i++)
        {
            var prefix = i == 0 ? string.Empty : vlm.Template.RenderAssistantTurnEnd() + vlm.Template.RenderUserTurnStart();
            segments.AddRange(vlm.Tokenizer.Encode(prefix + turns[i].Question + vlm.Template.RenderUserTurnEnd()));
            segments.AddRange(turns[i].Answer ?? []);
        }

        using var scope = NewDisposeScope();
        using var cache = vlm.Model.LanguageModel.NewCache(512, ScalarType.Float32, CPU);
        var prefix0 = ids.Embed(vlm.Model.EmbedTokens);                                               // (1, P, D)
        var rest = vlm.Model.EmbedTokens(tensor(segments.Select(s => (long)s).ToArray()).unsqueeze(0)); // (1, T, D)
        using var logits = vlm.Generator.Prefill(cat([prefix0, rest], 1), cache, 64);
        GenerationResult? result = null;
        _ = vlm.Generator.Generate(logits, cache, new SamplingOptions { MaxNewTokens = Greedy.MaxNewTokens, StopStrings = vlm.Template.StopStrings }, r => result = r).ToList();
        return result!.TokenIds;
    }

    private static Answer Ask(Conversation conversation, string question)
    {
        Answer? answer = null;
        var streamed = string.Concat(conversation.Ask(question, Greedy, a => answer = a).Select(t => t.TextDelta));
        Assert.Equal(answer!.Text, streamed.Trim());
        return answer;
    }

    [Theory]
    [InlineData(DecodeMethod.SparseVila)]
    [InlineData(DecodeMethod.Dense)]
    public async Task KeepAllAndRetrieveAll_AnswersExactlyAsDenseInference_OverTwoTurns(DecodeMethod method)
    {
        using var context = await engine.BuildAsync(keepRatio: 1);
        using var conversation = new Conversation(engine.Vlm, context, new RetrievalOptions { Method = method, RetrievalRatio = 1 });

        var first = Ask(conversation, "the cat?");
        var second = Ask(conversation, "the é?");

        Assert.Equal(await DenseReferenceAsync([("the cat?", null)]), first.TokenIds);
        Assert.Equal(await DenseReferenceAsync([("the cat?", first.TokenIds), ("the é?", null)]), second.TokenIds);
        Assert.Equal(context.VisualPositions.Count, second.Stats.RetrievedTokens);
    }

    [Fact]
    public async Task KeepAllAndRetrieveAll_ReproducesDenseLogits()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);

        var report = Fidelity.CompareDecode(engine.Vlm, context, "the cat?", new RetrievalOptions { RetrievalRatio = 1 }, steps: 5);

        Assert.Equal(1.0, report.AttentionMassRecall, 5);
        Assert.InRange(report.MeanKlDivergence, -1e-9, 1e-6);
        Assert.Equal(1.0, report.Top1Agreement);
    }

    [Fact]
    public async Task SparseRetrieval_HoldsMoreThanItsShareOfTheAttentionMass_AndDivergesOnlyByThat()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);

        var report = Fidelity.CompareDecode(engine.Vlm, context, "the cat?", new RetrievalOptions { RetrievalRatio = 0.1 }, steps: 5);

        Assert.InRange(report.AttentionMassRecall, 0.1, 1.0);
        Assert.True(report.MeanKlDivergence > 0, "Dropping 90% of the visual tokens changes the distribution.");
    }

    [Fact]
    public async Task SparseVila_RetrievesItsBudgetEveryTurn_AndReportsEvidenceAtFrameTimes()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var conversation = new Conversation(engine.Vlm, context, new RetrievalOptions { RetrievalRatio = 0.25 });

        var answers = new[] { "the cat?", "the é?", "the the?" }.Select(q => Ask(conversation, q)).ToList();

        Assert.Equal(3, conversation.Turns.Count);
        Assert.All(answers, answer =>
        {
            Assert.Equal(context.VisualPositions.Count, answer.Stats.VisualTokens);
            Assert.Equal((int)Math.Round(0.25 * context.VisualPositions.Count), answer.Stats.RetrievedTokens);
            Assert.Equal(3, answer.Evidence.Count);
            Assert.All(answer.Evidence, e => Assert.Contains(e.TimestampSeconds, new[] { 0.0, 1.0, 2.0, 3.0 }));
            Assert.Equal(answer.Evidence.Select(e => e.Score).OrderDescending(), answer.Evidence.Select(e => e.Score));
            Assert.InRange(answer.Evidence.Sum(e => e.Score), 0.0, 1.0 + 1e-9);
        });
        Assert.True(conversation.HistoryTokens > answers.Sum(a => a.Stats.PromptTokens));
    }

    [Fact]
    public async Task FastV_DecidesOnTheFirstTurn_AndLaterTurnsNeverSeeTheDroppedTokens()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);
        using var conversation = new Conversation(engine.Vlm, context, new RetrievalOptions { Method = DecodeMethod.FastV, TokenBudget = 8 });

        var first = Ask(conversation, "the cat?");
        var second = Ask(conversation, "the é?");

        Assert.NotEmpty(first.Evidence);
        Assert.Empty(second.Evidence);
        Assert.Equal(8, second.Stats.RetrievedTokens);
    }

    [Fact]
    public async Task SeveralVideos_AreOneConversation_WithEvidenceNamingEachVideo()
    {
        using var first = await engine.BuildAsync(keepRatio: 0.5);
        using var second = await engine.BuildAsync(keepRatio: 0.25);
        using var conversation = new Conversation(engine.Vlm, [first, second], new RetrievalOptions { Method = DecodeMethod.Dense });

        var answer = Ask(conversation, "the cat?");

        Assert.Equal(first.VisualPositions.Count + second.VisualPositions.Count, answer.Stats.VisualTokens);
        Assert.All(answer.Evidence, e => Assert.InRange(e.SourceIndex, 0, 1));
        using var joined = VisualContext.Concat([first, second]);
        Assert.Equal([0, first.LengthTokens], joined.SourceStarts);
        Assert.Equal(1, joined.SourceOf(first.LengthTokens));
        Assert.True(joined.Keys(1)[.., .., first.LengthTokens.., ..].allclose(second.Keys(1), 0, 0));
    }

    [Fact]
    public async Task AContextFromAnotherModel_IsRejected()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var foreign = new VisualContext(
            [zeros(1, 1, context.LengthTokens, 8)], [zeros(1, 1, context.LengthTokens, 8)], context.Tokens, context.Stats);

        Assert.Throws<ArgumentException>(() => new Conversation(engine.Vlm, foreign, new RetrievalOptions()));
    }
}
