using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Tests.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Generation;

public sealed class DecodeBatcherTests : IDisposable
{
    private static readonly int[] PromptLengths = [3, 5, 8, 11];

    private readonly LlavaModel _model = SeededWeights.Apply(TinyModels.Model(), seed: 11);
    private readonly CharTokenizer _tokenizer = new();

    public void Dispose() => _model.Dispose();

    private CausalLanguageModel Lm => _model.LanguageModel;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static SamplingOptions Greedy(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens };

    /// <summary>A prompt of <paramref name="tokens"/> ids prefilled into its own cache.</summary>
    private Sequence Prefill(int tokens, int seed)
    {
        var ids = Enumerable.Range(0, tokens).Select(i => (long)((seed * 31 + i * 7) % CharTokenizer.Alphabet.Length)).ToArray();
        var cache = Lm.NewCache(16, ScalarType.Float32, CPU);
        using var embeddings = Lm.Embed(tensor(ids).unsqueeze(0));                                  // (1, T, D)
        return new Sequence(cache, new TextGenerator(Lm, _tokenizer).Prefill(embeddings, cache, 64));
    }

    /// <summary>What <see cref="TextGenerator.Generate"/> decodes for the same prompt, alone.</summary>
    private GenerationResult Alone(int tokens, int seed, SamplingOptions options)
    {
        using var sequence = Prefill(tokens, seed);
        GenerationResult? result = null;
        _ = new TextGenerator(Lm, _tokenizer).Generate(sequence.FirstLogits, sequence.Cache, options, r => result = r).ToList();
        return result!;
    }

    private static async Task<Decoded> DecodeAsync(DecodeBatcher batcher, Sequence sequence, SamplingOptions options)
    {
        GenerationResult? result = null;
        var tokens = new List<GeneratedToken>();
        await foreach (var token in batcher.GenerateAsync(sequence.FirstLogits, sequence.Cache, options, r => result = r, Cancellation))
        {
            tokens.Add(token);
        }

        return new Decoded(tokens, result ?? throw new InvalidOperationException("onFinished was not called."));
    }

    private static void AssertSame(GenerationResult expected, Decoded actual)
    {
        Assert.Equal(expected.TokenIds, actual.Result.TokenIds);
        Assert.Equal(expected.Text, actual.Result.Text);
        Assert.Equal(expected.FinishReason, actual.Result.FinishReason);
        Assert.Equal(expected.Text, string.Concat(actual.Tokens.Select(t => t.TextDelta)));
    }

    [Fact]
    public async Task SequencesOfDifferentLengths_DecodedTogether_GiveWhatEachGivesAlone()
    {
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        var sequences = PromptLengths.Select((length, i) => Prefill(length, i)).ToList();
        try
        {
            var decoded = await Task.WhenAll(sequences.Select(s => DecodeAsync(batcher, s, Greedy(12))));

            for (var i = 0; i < PromptLengths.Length; i++)
            {
                AssertSame(Alone(PromptLengths[i], i, Greedy(12)), decoded[i]);
            }

            Assert.True(batcher.Stats.MeanBatchRows > 1, $"Concurrent sequences share steps (mean batch {batcher.Stats.MeanBatchRows}).");
            Assert.Equal(PromptLengths.Length * 11, batcher.Stats.RowSteps);                      // 12 tokens, the first from the prefill
            Assert.Equal(0, batcher.Stats.ActiveSequences);
        }
        finally
        {
            sequences.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task SampledSequences_DecodedTogether_FollowTheirOwnSeeds()
    {
        SamplingOptions Sampled(ulong seed) => new() { Temperature = 2, TopP = 0.9, Seed = seed, MaxNewTokens = 10 };
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var first = Prefill(6, 1);
        using var second = Prefill(6, 1);

        var decoded = await Task.WhenAll(DecodeAsync(batcher, first, Sampled(3)), DecodeAsync(batcher, second, Sampled(4)));

        AssertSame(Alone(6, 1, Sampled(3)), decoded[0]);
        AssertSame(Alone(6, 1, Sampled(4)), decoded[1]);
    }

    [Fact]
    public async Task ASequenceJoiningMidway_DecodesAsItWouldAlone()
    {
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var early = Prefill(4, 1);
        using var late = Prefill(9, 2);
        var earlyTokens = new List<GeneratedToken>();
        GenerationResult? earlyResult = null;
        Task<Decoded>? lateDecoding = null;

        await foreach (var token in batcher.GenerateAsync(early.FirstLogits, early.Cache, Greedy(20), r => earlyResult = r, Cancellation))
        {
            earlyTokens.Add(token);
            if (earlyTokens.Count == 5)
            {
                lateDecoding = DecodeAsync(batcher, late, Greedy(10));
            }
        }

        AssertSame(Alone(4, 1, Greedy(20)), new Decoded(earlyTokens, earlyResult!));
        AssertSame(Alone(9, 2, Greedy(10)), await lateDecoding!);
    }

    [Fact]
    public async Task Cancellation_RemovesTheSequence_AndTheOthersGoOn()
    {
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var cancelled = Prefill(5, 1);
        using var other = Prefill(7, 2);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var otherDecoding = DecodeAsync(batcher, other, Greedy(24));
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var token in batcher.GenerateAsync(cancelled.FirstLogits, cancelled.Cache, Greedy(40), cancellationToken: cancellation.Token))
            {
                if (++received == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        var lengthWhenCancelled = cancelled.Cache.LengthTokens;

        AssertSame(Alone(7, 2, Greedy(24)), await otherDecoding);
        Assert.Equal(3, received);
        Assert.Equal(lengthWhenCancelled, cancelled.Cache.LengthTokens);
        Assert.Equal(0, batcher.Stats.ActiveSequences);
    }

    [Fact]
    public async Task AConsumerThatStopsEarly_GetsItsCacheBack_WhenTheEnumeratorIsDisposed()
    {
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var stopped = Prefill(5, 1);
        using var other = Prefill(7, 2);
        var otherDecoding = DecodeAsync(batcher, other, Greedy(30));
        var received = 0;

        await foreach (var _ in batcher.GenerateAsync(stopped.FirstLogits, stopped.Cache, Greedy(40), cancellationToken: Cancellation))
        {
            if (++received == 2)
            {
                break;
            }
        }

        var lengthWhenStopped = stopped.Cache.LengthTokens;
        await otherDecoding;

        Assert.Equal(lengthWhenStopped, stopped.Cache.LengthTokens);
        Assert.Equal(0, batcher.Stats.ActiveSequences);
    }

    [Fact]
    public async Task MaxBatchRows_LimitsEveryStep_AndEverySequenceStillDecodesAsAlone()
    {
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions { MaxBatchRows = 2 });
        var sequences = Enumerable.Range(0, 5).Select(i => Prefill(3 + i, i)).ToList();
        try
        {
            var decoded = await Task.WhenAll(sequences.Select(s => DecodeAsync(batcher, s, Greedy(6))));

            for (var i = 0; i < sequences.Count; i++)
            {
                AssertSame(Alone(3 + i, i, Greedy(6)), decoded[i]);
            }

            var stats = batcher.Stats;
            Assert.Equal(5 * 5, stats.RowSteps);
            Assert.InRange(stats.MeanBatchRows, 1, 2);
            Assert.True(stats.Steps >= 13, $"{stats.Steps} steps of at most 2 rows cannot decode 25 row steps.");
        }
        finally
        {
            sequences.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task AFailingForward_FailsItsSequence_AndTheBatcherGoesOn()
    {
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var good = Prefill(6, 3);
        using var first = Prefill(6, 3);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in batcher.GenerateAsync(first.FirstLogits, new FailingCache(), Greedy(5), cancellationToken: Cancellation))
            {
            }
        });

        Assert.Equal(FailingCache.Message, error.Message);
        AssertSame(Alone(6, 3, Greedy(5)), await DecodeAsync(batcher, good, Greedy(5)));
    }

    [Fact]
    public async Task Dispose_FailsTheSequencesInFlight_AndRefusesNewOnes()
    {
        var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var sequence = Prefill(5, 1);
        using var next = Prefill(5, 2);
        var received = 0;

        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in batcher.GenerateAsync(sequence.FirstLogits, sequence.Cache, Greedy(10_000), cancellationToken: Cancellation))
            {
                if (++received == 2)
                {
                    batcher.Dispose();
                }
            }
        });
        await Assert.ThrowsAsync<ObjectDisposedException>(() => DecodeAsync(batcher, next, Greedy(5)));
    }

    [Fact]
    public void InvalidOptions_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodeBatcherOptions { MaxBatchRows = 0 }.Validate());
        using var batcher = new DecodeBatcher(Lm, _tokenizer, new DecodeBatcherOptions());
        using var logits = zeros(2, 3);
        using var cache = Lm.NewCache(4, ScalarType.Float32, CPU);
        Assert.Throws<ArgumentException>(() => batcher.GenerateAsync(logits, cache, Greedy(3), cancellationToken: Cancellation));
        using var row = logits[0];
        Assert.Throws<ArgumentOutOfRangeException>(() => batcher.GenerateAsync(row, cache, Greedy(0), cancellationToken: Cancellation));
    }

    private sealed record Decoded(List<GeneratedToken> Tokens, GenerationResult Result);

    private sealed class Sequence(KvCache cache, Tensor firstLogits) : IDisposable
    {
        public KvCache Cache => cache;

        public Tensor FirstLogits => firstLogits;

        public void Dispose()
        {
            firstLogits.Dispose();
            cache.Dispose();
        }
    }

    /// <summary>A cache whose attention always throws: a forward over it fails.</summary>
    private sealed class FailingCache : IAttentionCache
    {
        public const string Message = "This cache cannot attend.";

        public int NextPosition => 0;

        public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values) => throw new InvalidOperationException(Message);

        public void Advance(int tokens)
        {
        }
    }
}
