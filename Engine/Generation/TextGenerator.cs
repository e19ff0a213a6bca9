using System.Runtime.CompilerServices;
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
        using var stream = new GenerationStream(tokenizer, options);
        var nextId = stream.Sample(firstLogits);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var token in stream.Accept(nextId))
            {
                yield return token;
            }

            if (stream.IsFinished)
            {
                break;
            }

            nextId = DecodeStep(stream.LastTokenId, cache, stream);
        }

        onFinished?.Invoke(stream.Result);
    }

    private int DecodeStep(int tokenId, IAttentionCache cache, GenerationStream stream)
    {
        using var inference = no_grad();
        using var scope = NewDisposeScope();
        var embedding = model.Embed(tensor(new long[] { tokenId }, device: model.Device).unsqueeze(0)); // (1, 1, D)
        var logits = model.Forward(new DecoderInput(embedding, [cache]));                              // (1, 1, V)
        return stream.Sample(logits[0, 0]);
    }
}
