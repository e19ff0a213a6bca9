using SparseVila.Engine.Generation;
using SparseVila.Engine.Sparse;

namespace SparseVila.Engine.Tests.Sparse;

/// <summary>A turn split in two (prepare, then decode on a batcher) and a history replayed on a fresh conversation.</summary>
public sealed class PreparedTurnTests(SparseEngineFixture engine) : IClassFixture<SparseEngineFixture>
{
    private static readonly AskOptions Greedy = new() { MaxNewTokens = 6 };
    private static readonly RetrievalOptions Sparse = new() { RetrievalRatio = 0.25 };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private DecodeBatcher NewBatcher() => new(engine.Vlm.Model.LanguageModel, engine.Vlm.Tokenizer, new DecodeBatcherOptions());

    private static Answer Ask(Conversation conversation, string question)
    {
        Answer? answer = null;
        _ = conversation.Ask(question, Greedy, a => answer = a).ToList();
        return answer!;
    }

    private static async Task<Answer> AskOnBatcherAsync(Conversation conversation, DecodeBatcher batcher, string question)
    {
        Answer? answer = null;
        using var turn = conversation.Prepare(question, Greedy);
        var streamed = new List<GeneratedToken>();
        await foreach (var token in conversation.DecodeAsync(turn, batcher, a => answer = a, Cancellation))
        {
            streamed.Add(token);
        }

        Assert.True(turn.IsAnswered);
        Assert.Equal(answer!.Text, string.Concat(streamed.Select(t => t.TextDelta)).Trim());
        return answer;
    }

    [Fact]
    public async Task PreparedAndDecodedOnABatcher_AnswersAsAskDoes_TurnAfterTurn()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var batcher = NewBatcher();
        using var plain = new Conversation(engine.Vlm, context, Sparse);
        using var split = new Conversation(engine.Vlm, context, Sparse);

        foreach (var question in new[] { "the cat?", "the é?", "and then?" })
        {
            var expected = Ask(plain, question);
            var actual = await AskOnBatcherAsync(split, batcher, question);

            Assert.Equal(expected.TokenIds, actual.TokenIds);
            Assert.Equal(expected.FinishReason, actual.FinishReason);
            Assert.Equal(expected.Evidence.Select(e => e.FrameIndex), actual.Evidence.Select(e => e.FrameIndex));
        }

        Assert.Equal(3, split.Turns.Count);
    }

    [Fact]
    public async Task ConcurrentConversations_OnOneBatcher_EachAnswerAsAlone()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var batcher = NewBatcher();
        string[] questions = ["the cat?", "the é?", "what now?", "why?"];
        var alone = questions.Select(q =>
        {
            using var conversation = new Conversation(engine.Vlm, context, Sparse);
            return Ask(conversation, q).TokenIds;
        }).ToList();

        var conversations = questions.Select(_ => new Conversation(engine.Vlm, context, Sparse)).ToList();
        try
        {
            // Prepared one after another (prefill is the caller's), decoded together.
            var turns = questions.Select((q, i) => conversations[i].Prepare(q, Greedy)).ToList();
            var decoded = await Task.WhenAll(turns.Select(async (turn, i) =>
            {
                Answer? answer = null;
                await foreach (var unused in conversations[i].DecodeAsync(turn, batcher, a => answer = a, Cancellation))
                {
                }

                turn.Dispose();
                return answer!.TokenIds;
            }));

            Assert.Equal(alone, decoded);
        }
        finally
        {
            conversations.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task AnUnansweredTurn_Disposed_LeavesTheConversationAsBefore()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var control = new Conversation(engine.Vlm, context, Sparse);
        using var conversation = new Conversation(engine.Vlm, context, Sparse);
        var first = Ask(conversation, "the cat?");
        Assert.Equal(first.TokenIds, Ask(control, "the cat?").TokenIds);

        conversation.Prepare("a question never answered", Greedy).Dispose();

        Assert.Single(conversation.Turns);
        Assert.Equal(Ask(control, "the é?").TokenIds, Ask(conversation, "the é?").TokenIds);
    }

    [Fact]
    public async Task ASecondTurn_CannotBePrepared_WhileOneIsInFlight_NorATurnDecodedTwice()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var batcher = NewBatcher();
        using var conversation = new Conversation(engine.Vlm, context, Sparse);
        using var other = new Conversation(engine.Vlm, context, Sparse);

        using var turn = conversation.Prepare("the cat?", Greedy);

        Assert.Throws<InvalidOperationException>(() => conversation.Prepare("the é?", Greedy));
        Assert.Throws<ArgumentException>(() => other.DecodeAsync(turn, batcher, cancellationToken: Cancellation));
        await foreach (var unused in conversation.DecodeAsync(turn, batcher, cancellationToken: Cancellation))
        {
        }

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var unused in conversation.DecodeAsync(turn, batcher, cancellationToken: Cancellation))
            {
            }
        });
    }

    [Theory]
    [InlineData(DecodeMethod.SparseVila)]
    [InlineData(DecodeMethod.FastV)]
    public async Task AReplayedHistory_AnswersTheNextQuestion_AsTheOriginalConversation(DecodeMethod method)
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        var retrieval = new RetrievalOptions { Method = method, RetrievalRatio = 0.25 };
        using var original = new Conversation(engine.Vlm, context, retrieval);
        var past = new[] { Ask(original, "the cat?"), Ask(original, "the é?") };

        using var restored = new Conversation(engine.Vlm, context, retrieval);
        restored.Replay(past.Select(ReplayedTurn.Of).ToList(), Greedy);

        Assert.Equal(past.Select(a => a.Text), restored.Turns.Select(a => a.Text));
        Assert.Equal(past.Select(a => a.FinishReason), restored.Turns.Select(a => a.FinishReason));
        var expected = Ask(original, "and then?");
        var actual = Ask(restored, "and then?");
        Assert.Equal(expected.TokenIds, actual.TokenIds);
        Assert.Equal(expected.Stats.PromptTokens, actual.Stats.PromptTokens);
    }

    [Fact]
    public async Task Replay_RefusesAConversationWithTurns_AndAnAnswerThatCouldNotHaveEndedAsRecorded()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var conversation = new Conversation(engine.Vlm, context, Sparse);
        var answer = Ask(conversation, "the cat?");

        Assert.Throws<InvalidOperationException>(() => conversation.Replay([ReplayedTurn.Of(answer)]));

        using var fresh = new Conversation(engine.Vlm, context, Sparse);
        var eos = engine.Vlm.Tokenizer.EosTokenIds[0];
        Assert.Throws<ArgumentException>(() => fresh.Replay([new ReplayedTurn("the cat?", [eos, eos], FinishReason.Length)]));
    }
}
