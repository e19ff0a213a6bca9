using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Tests.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Generation;

public sealed class TextGeneratorTests : IDisposable
{
    private static readonly float[] LogitsPastTheVocabulary = [0.1f, 0.9f, 0.3f, 50f, 60f];

    private readonly LlavaModel _model = TinyModels.Model();
    private readonly Tensor _prompt = randint(0, CharTokenizer.Alphabet.Length, [1, 7]);

    public void Dispose()
    {
        _prompt.Dispose();
        _model.Dispose();
    }

    private CausalLanguageModel Lm => _model.LanguageModel;

    private (List<GeneratedToken> Tokens, GenerationResult Result) Run(SamplingOptions options, CharTokenizer? tokenizer = null, int chunkTokens = 64)
    {
        var generator = new TextGenerator(Lm, tokenizer ?? new CharTokenizer());
        using var cache = Lm.NewCache(32, ScalarType.Float32, CPU);
        using var embeddings = Lm.Embed(_prompt);
        using var first = generator.Prefill(embeddings, cache, chunkTokens);
        GenerationResult? result = null;
        var tokens = generator.Generate(first, cache, options, r => result = r).ToList();
        return (tokens, result!);
    }

    private int ArgmaxAfter(IEnumerable<int> generated)
    {
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var ids = cat([_prompt, tensor(generated.Select(i => (long)i).ToArray()).unsqueeze(0)], 1);
        using var cache = Lm.NewCache(32, ScalarType.Float32, CPU);
        return (int)Lm.Forward(new DecoderInput(Lm.Embed(ids), [cache]))[0, 0].argmax().item<long>();
    }

    [Fact]
    public void Greedy_PicksTheArgmaxOfAFullForwardAtEveryStep()
    {
        var (tokens, result) = Run(new SamplingOptions { MaxNewTokens = 8 });

        Assert.Equal(8, result.TokenIds.Count);
        for (var step = 0; step < 8; step++)
        {
            Assert.Equal(ArgmaxAfter(result.TokenIds.Take(step)), result.TokenIds[step]);
        }

        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(result.Text, string.Concat(tokens.Select(t => t.TextDelta)));
        Assert.Equal(new CharTokenizer().Decode(result.TokenIds), result.Text);
    }

    [Fact]
    public void ChunkedPrefill_GeneratesWhatOneShotPrefillDoes() =>
        Assert.Equal(Run(new SamplingOptions { MaxNewTokens = 6 }, chunkTokens: 64).Result.TokenIds,
            Run(new SamplingOptions { MaxNewTokens = 6 }, chunkTokens: 2).Result.TokenIds);

    [Fact]
    public void Sampling_IsReproducibleFromItsSeed_AndDependsOnIt()
    {
        SamplingOptions Options(ulong seed) => new() { Temperature = 5, Seed = seed, MaxNewTokens = 12 };

        var first = Run(Options(7)).Result.TokenIds;
        var again = Run(Options(7)).Result.TokenIds;
        var others = new ulong[] { 8, 9, 10 }.Select(seed => Run(Options(seed)).Result.TokenIds).ToList();

        Assert.Equal(first, again);
        Assert.Contains(others, o => !o.SequenceEqual(first));
    }

    [Fact]
    public void TinyTopP_KeepsOnlyTheMostLikelyToken() =>
        Assert.Equal(Run(new SamplingOptions { MaxNewTokens = 6 }).Result.TokenIds,
            Run(new SamplingOptions { Temperature = 3, TopP = 1e-9, Seed = 3, MaxNewTokens = 6 }).Result.TokenIds);

    [Fact]
    public void EndOfSequence_StopsBeforeTheEosToken()
    {
        var greedy = Run(new SamplingOptions { MaxNewTokens = 8 }).Result.TokenIds;
        var eos = greedy[3];
        var firstEos = greedy.ToList().IndexOf(eos);

        var result = Run(new SamplingOptions { MaxNewTokens = 8 }, new CharTokenizer([eos])).Result;

        Assert.Equal(FinishReason.EndOfSequence, result.FinishReason);
        Assert.Equal(greedy.Take(firstEos), result.TokenIds);
    }

    [Fact]
    public void StopString_EndsTheAnswer_AndIsNeverStreamed()
    {
        var greedy = Run(new SamplingOptions { MaxNewTokens = 10 }).Result.Text;
        var stop = greedy.Substring(4, 3);
        var expected = greedy[..greedy.IndexOf(stop, StringComparison.Ordinal)];

        var (tokens, result) = Run(new SamplingOptions { MaxNewTokens = 10, StopStrings = [stop] });

        Assert.Equal(FinishReason.StopString, result.FinishReason);
        Assert.Equal(expected, result.Text);
        Assert.Equal(expected, string.Concat(tokens.Select(t => t.TextDelta)));
    }

    [Fact]
    public void HeldBackText_IsReleasedWhenNoStopStringFollows()
    {
        var greedy = Run(new SamplingOptions { MaxNewTokens = 5 }).Result.Text;
        var neverCompleted = greedy[^2..] + "\u00a7"; // begins with the answer's tail, cannot be generated

        var (tokens, result) = Run(new SamplingOptions { MaxNewTokens = 5, StopStrings = [neverCompleted] });

        Assert.Equal(greedy, result.Text);
        Assert.Equal(greedy, string.Concat(tokens.Select(t => t.TextDelta)));
        Assert.Equal(GeneratedToken.HeldBackTextId, tokens[^1].Id);
    }

    [Fact]
    public async Task GenerateAsync_ObservesCancellationBetweenTokens()
    {
        var generator = new TextGenerator(Lm, new CharTokenizer());
        using var cache = Lm.NewCache(32, ScalarType.Float32, CPU);
        using var embeddings = Lm.Embed(_prompt);
        using var first = generator.Prefill(embeddings, cache, 64);
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var token in generator.GenerateAsync(first, cache, new SamplingOptions { MaxNewTokens = 50 }, cancellationToken: cancellation.Token))
            {
                if (++received == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(3, received);
    }

    [Fact]
    public void Sampler_NeverPicksAnIdPastTheTokenizersVocabulary()
    {
        using var logits = tensor(LogitsPastTheVocabulary);
        using var greedy = new TokenSampler(new SamplingOptions(), vocabularyTokens: 3);
        using var sampled = new TokenSampler(new SamplingOptions { Temperature = 100, Seed = 1 }, vocabularyTokens: 3);

        Assert.Equal(1, greedy.Next(logits));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.InRange(sampled.Next(logits), 0, 2));
    }

    [Theory]
    [InlineData(-1, 1, 5)]
    [InlineData(1, 0, 5)]
    [InlineData(1, 1.5, 5)]
    [InlineData(1, 1, 0)]
    public void InvalidOptions_AreRejected(double temperature, double topP, int maxNewTokens) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Temperature = temperature, TopP = topP, MaxNewTokens = maxNewTokens }.Validate());
}
