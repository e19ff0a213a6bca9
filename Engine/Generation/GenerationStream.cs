using System.Diagnostics.CodeAnalysis;
using System.Text;
using SparseVila.Engine.Tokenization;
using static TorchSharp.torch;

namespace SparseVila.Engine.Generation;

/// <summary>
/// One sequence's decoding state, without the model: its sampler, incremental detokenizer, end-of-sequence
/// ids, stop strings (text that could still become one is held back) and token limit. The decode loop
/// samples from each step's logits, <see cref="Accept"/>s the id, streams what it returns and feeds
/// <see cref="LastTokenId"/> to the next step until <see cref="IsFinished"/>. Not thread-safe: one
/// thread at a time drives it.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A stream of generated tokens, not a System.IO.Stream; the grains use this name.")]
public sealed class GenerationStream : IDisposable
{
    private readonly SamplingOptions _options;
    private readonly TokenSampler _sampler;
    private readonly IncrementalDecoder _decoder;
    private readonly HashSet<int> _endOfSequenceIds;
    private readonly StringBuilder _text = new();
    private readonly List<int> _ids = [];
    private int _emittedChars;
    private int? _lastTokenId;
    private GenerationResult? _result;

    /// <summary>A stream that samples over <paramref name="tokenizer"/>'s vocabulary as <paramref name="options"/> say.</summary>
    public GenerationStream(ITextTokenizer tokenizer, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        _sampler = new TokenSampler(options, tokenizer.VocabularySize);
        _options = options;
        _decoder = tokenizer.CreateIncrementalDecoder();
        _endOfSequenceIds = [.. tokenizer.EosTokenIds];
    }

    /// <summary>No more decode steps are needed: the model ended the sequence, a stop string came, or the token limit was reached.</summary>
    public bool IsFinished => _result is not null;

    /// <summary>The last id accepted into the answer: the one to feed to the next decode step.</summary>
    public int LastTokenId => _lastTokenId ?? throw new InvalidOperationException("No token has been accepted yet.");

    /// <summary>Tokens accepted into the answer so far.</summary>
    public int GeneratedTokens => _ids.Count;

    /// <summary>The finished generation; throws <see cref="InvalidOperationException"/> until <see cref="IsFinished"/>.</summary>
    public GenerationResult Result => _result ?? throw new InvalidOperationException("The generation has not finished.");

    /// <summary>The next id for <paramref name="logits"/> (V,), chosen by this stream's own sampler (its seed, its state).</summary>
    public int Sample(Tensor logits) => _sampler.Next(logits);

    /// <summary>
    /// Feeds the sampled <paramref name="tokenId"/>; returns the tokens to stream: none for an end of
    /// sequence that releases no held-back text, the token itself, and, when the stream finishes, a last
    /// <see cref="GeneratedToken.HeldBackTextId"/> record with text held back for a stop string that never came.
    /// </summary>
    public IReadOnlyList<GeneratedToken> Accept(int tokenId)
    {
        if (IsFinished)
        {
            throw new InvalidOperationException("The generation has finished; no token can be accepted.");
        }

        if (_endOfSequenceIds.Contains(tokenId))
        {
            return Finish(FinishReason.EndOfSequence, []);
        }

        _ids.Add(tokenId);
        _lastTokenId = tokenId;
        _text.Append(_decoder.Append(tokenId));
        var stopAt = StopStrings.IndexOfFirst(_text, _options.StopStrings, _emittedChars);
        if (stopAt >= 0)
        {
            _text.Length = stopAt;
            return Finish(FinishReason.StopString, [new GeneratedToken(tokenId, Take(_text.Length), _ids.Count - 1)]);
        }

        // Hold back a tail that could still grow into a stop string, so streamed text never shows one.
        var safeChars = _text.Length - StopStrings.LongestPrefixAtEnd(_text, _options.StopStrings);
        var token = new GeneratedToken(tokenId, Take(safeChars), _ids.Count - 1);
        return _ids.Count >= _options.MaxNewTokens ? Finish(FinishReason.Length, [token]) : [token];
    }

    private List<GeneratedToken> Finish(FinishReason reason, List<GeneratedToken> tokens)
    {
        if (reason != FinishReason.StopString)
        {
            _text.Append(_decoder.Flush());
        }

        if (_emittedChars < _text.Length)
        {
            tokens.Add(new GeneratedToken(GeneratedToken.HeldBackTextId, Take(_text.Length), _ids.Count));
        }

        _result = new GenerationResult(_text.ToString(), _ids.ToArray(), reason);
        return tokens;
    }

    private string Take(int untilChars)
    {
        if (untilChars <= _emittedChars)
        {
            return string.Empty;
        }

        var delta = _text.ToString(_emittedChars, untilChars - _emittedChars);
        _emittedChars = untilChars;
        return delta;
    }

    public void Dispose() => _sampler.Dispose();
}
