using System.Runtime.CompilerServices;
using System.Text;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Tokenization;
using static TorchSharp.torch;

namespace SparseVila.Engine.Generation;

/// <summary>
/// Prefill in chunks, then token-by-token decoding into a caller-owned <see cref="KvCache"/>.
/// No dispose scope is held across a yielded token, so consumers may resume on any thread.
/// </summary>
public sealed class TextGenerator(CausalLanguageModel model, ITextTokenizer tokenizer)
{
    /// <summary>
    /// Runs the prompt embeddings (1, T, D) through the model in chunks of at most
    /// <paramref name="chunkTokens"/>, appending to <paramref name="cache"/>; returns the last
    /// position's logits (V,), detached, for the caller to dispose.
    /// </summary>
    public Tensor Prefill(Tensor embeddings, IAttentionCache cache, int chunkTokens)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkTokens);
        if (embeddings.shape.Length != 3 || embeddings.shape[0] != 1 || embeddings.shape[1] == 0)
        {
            throw new ArgumentException($"Prefill takes (1, T > 0, D) embeddings, not ({string.Join(", ", embeddings.shape)}).", nameof(embeddings));
        }

        using var inference = no_grad();
        var tokens = embeddings.shape[1];
        for (long start = 0; ; start += chunkTokens)
        {
            using var scope = NewDisposeScope();
            var end = Math.Min(tokens, start + chunkTokens);
            var last = end == tokens;
            var logits = model.Forward(new DecoderInput(embeddings[.., (int)start..(int)end, ..], [cache],
                Logits: last ? LogitsSelection.LastToken : LogitsSelection.None));
            if (last)
            {
                return logits[0, 0].DetachFromDisposeScope();                                              // (V,)
            }
        }
    }

    /// <summary>Decodes from <paramref name="firstLogits"/> (the prefill's), streaming each token.</summary>
    public IEnumerable<GeneratedToken> Generate(Tensor firstLogits, IAttentionCache cache, SamplingOptions options, Action<GenerationResult>? onFinished = null)
    {
        ArgumentNullException.ThrowIfNull(firstLogits);
        ArgumentNullException.ThrowIfNull(options);
        return Iterate(firstLogits, cache, options, onFinished, CancellationToken.None);
    }

    /// <summary>As <see cref="Generate"/>, as an async stream that observes cancellation between tokens.</summary>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(
        Tensor firstLogits, IAttentionCache cache, SamplingOptions options, Action<GenerationResult>? onFinished = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var token in Iterate(firstLogits, cache, options, onFinished, cancellationToken))
        {
            yield return token;
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    private IEnumerable<GeneratedToken> Iterate(
        Tensor firstLogits, IAttentionCache cache, SamplingOptions options, Action<GenerationResult>? onFinished, CancellationToken cancellationToken)
    {
        using var sampler = new TokenSampler(options, tokenizer.VocabularySize);
        var decoder = tokenizer.CreateIncrementalDecoder();
        var eos = tokenizer.EosTokenIds.ToHashSet();
        var text = new StringBuilder();
        var emittedChars = 0;
        var ids = new List<int>();
        var finish = FinishReason.Length;
        var nextId = sampler.Next(firstLogits);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (eos.Contains(nextId))
            {
                finish = FinishReason.EndOfSequence;
                break;
            }

            ids.Add(nextId);
            text.Append(decoder.Append(nextId));
            var stopAt = StopIndex(text, options.StopStrings, emittedChars);
            if (stopAt >= 0)
            {
                text.Length = stopAt;
                finish = FinishReason.StopString;
                yield return new GeneratedToken(nextId, Take(text, ref emittedChars, text.Length), ids.Count - 1);
                break;
            }

            // Hold back a tail that could still grow into a stop string, so streamed text never shows one.
            var safeChars = text.Length - StopPrefixLength(text, options.StopStrings);
            yield return new GeneratedToken(nextId, Take(text, ref emittedChars, safeChars), ids.Count - 1);
            if (ids.Count >= options.MaxNewTokens)
            {
                break;
            }

            nextId = DecodeStep(nextId, cache, sampler);
        }

        if (finish != FinishReason.StopString)
        {
            text.Append(decoder.Flush());
        }

        if (emittedChars < text.Length)
        {
            yield return new GeneratedToken(GeneratedToken.HeldBackTextId, Take(text, ref emittedChars, text.Length), ids.Count);
        }

        onFinished?.Invoke(new GenerationResult(text.ToString(), ids, finish));
    }

    private int DecodeStep(int tokenId, IAttentionCache cache, TokenSampler sampler)
    {
        using var inference = no_grad();
        using var scope = NewDisposeScope();
        var embedding = model.Embed(tensor(new long[] { tokenId }, device: model.Device).unsqueeze(0)); // (1, 1, D)
        var logits = model.Forward(new DecoderInput(embedding, [cache]));                              // (1, 1, V)
        return sampler.Next(logits[0, 0]);
    }

    private static string Take(StringBuilder text, ref int emittedChars, int untilChars)
    {
        if (untilChars <= emittedChars)
        {
            return string.Empty;
        }

        var delta = text.ToString(emittedChars, untilChars - emittedChars);
        emittedChars = untilChars;
        return delta;
    }

    /// <summary>Where the first stop string starts in <paramref name="text"/>, or −1; only text not yet emitted can hold a new one.</summary>
    private static int StopIndex(StringBuilder text, IReadOnlyList<string> stops, int emittedChars)
    {
        var best = -1;
        var current = text.ToString();
        foreach (var stop in stops.Where(s => s.Length > 0))
        {
            var from = Math.Max(0, emittedChars - stop.Length + 1);
            var at = current.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }

    /// <summary>The longest tail of <paramref name="text"/> that is a proper prefix of some stop string.</summary>
    private static int StopPrefixLength(StringBuilder text, IReadOnlyList<string> stops)
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (EndsWith(text, stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private static bool EndsWith(StringBuilder text, ReadOnlySpan<char> suffix)
    {
        if (text.Length < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (text[text.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }
}
