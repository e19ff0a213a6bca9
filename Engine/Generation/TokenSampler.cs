using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Generation;

/// <summary>Chooses the next token from a row of logits: greedy, or temperature + top-p with a seeded generator.</summary>
public sealed class TokenSampler : IDisposable
{
    private readonly SamplingOptions _options;
    private readonly Generator? _generator;

    private readonly int _vocabularyTokens;

    /// <summary>
    /// A sampler over the first <paramref name="vocabularyTokens"/> ids: a model's embedding matrix is
    /// often padded past its tokenizer's vocabulary, and a padding id could not be decoded.
    /// </summary>
    public TokenSampler(SamplingOptions options, int vocabularyTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularyTokens);
        _vocabularyTokens = vocabularyTokens;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _generator = options.Temperature > 0 ? new Generator(options.Seed) : null;
    }

    /// <summary>The chosen token id for <paramref name="logits"/> (V,).</summary>
    public int Next(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = NewDisposeScope();
        if (logits.shape[0] > _vocabularyTokens)
        {
            logits = logits[.._vocabularyTokens];                                                          // (V',)
        }

        if (_generator is null)
        {
            return (int)logits.argmax().item<long>();
        }

        var probabilities = logits.to_type(ScalarType.Float32).cpu().DivScalar(_options.Temperature).softmax(-1); // (V,)
        if (_options.TopP < 1.0)
        {
            var (sorted, order) = probabilities.sort(descending: true);                                    // (V,), (V,)
            // Drop a token when the tokens before it already reach TopP; the most likely always stays.
            var before = sorted.cumsum(0) - sorted;
            var kept = sorted.MaskedFillScalar(before.GtScalar(_options.TopP), 0.0);
            probabilities = zeros_like(probabilities).scatter(0, order, kept);
        }

        return (int)multinomial(probabilities, 1, generator: _generator).item<long>();
    }

    public void Dispose() => _generator?.Dispose();
}
