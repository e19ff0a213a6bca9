using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// A video as the LLM has read it, once: per decoder layer the keys and values (1, Hkv, P, Dh) of the
/// prompt prefix [system prompt, turn opening, per frame: timestamp marker, kept visual tokens], with
/// what sits at each position. Immutable, so any number of conversations can read it at once.
/// </summary>
public sealed class VisualContext : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;

    public VisualContext(Tensor[] keys, Tensor[] values, IReadOnlyList<ContextToken> tokens, VisualContextStats stats, IReadOnlyList<int>? sourceStarts = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(tokens);
        if (keys.Length == 0 || keys.Length != values.Length)
        {
            throw new ArgumentException($"{keys.Length} key and {values.Length} value layers.", nameof(keys));
        }

        foreach (var tensor in keys.Concat(values))
        {
            if (tensor.shape.Length != 4 || tensor.shape[0] != 1 || tensor.shape[2] != tokens.Count || !tensor.shape.SequenceEqual(keys[0].shape))
            {
                throw new ArgumentException(
                    $"Each layer's keys and values must be (1, Hkv, {tokens.Count}, Dh) like the first, not ({string.Join(", ", tensor.shape)}).", nameof(keys));
            }
        }

        SourceStarts = sourceStarts ?? [0];
        if (SourceStarts.Count == 0 || SourceStarts[0] != 0 || SourceStarts.Zip(SourceStarts.Skip(1)).Any(p => p.Second <= p.First || p.Second >= tokens.Count))
        {
            throw new ArgumentException("Source starts must begin at 0 and rise strictly within the context.", nameof(sourceStarts));
        }

        _keys = keys;
        _values = values;
        Tokens = tokens;
        Stats = stats;
        VisualPositions = Enumerable.Range(0, tokens.Count).Where(i => tokens[i].Kind == ContextTokenKind.Visual).ToArray();
        using var scope = NewDisposeScope();                                                       // the index is detached from it: the context owns it
        VisualPositionIndex = tensor(VisualPositions.Select(p => (long)p).ToArray()).DetachFromDisposeScope();
    }

    /// <summary>Decoder layers.</summary>
    public int Layers => _keys.Length;

    /// <summary>Key/value heads per layer.</summary>
    public int KvHeads => (int)_keys[0].shape[1];

    /// <summary>Width of one head.</summary>
    public int HeadDim => (int)_keys[0].shape[3];

    /// <summary>Positions held (text and visual).</summary>
    public int LengthTokens => Tokens.Count;

    /// <summary>What sits at each position.</summary>
    public IReadOnlyList<ContextToken> Tokens { get; }

    /// <summary>The positions of visual tokens, ascending.</summary>
    public IReadOnlyList<int> VisualPositions { get; }

    /// <summary><see cref="VisualPositions"/> as an int64 tensor (Pvis,).</summary>
    public Tensor VisualPositionIndex { get; }

    /// <summary>How the context was made.</summary>
    public VisualContextStats Stats { get; }

    /// <summary>Where each source video's positions begin: [0] for one video; more after <see cref="Concat"/>.</summary>
    public IReadOnlyList<int> SourceStarts { get; }

    /// <summary>The source video (0-based) that position <paramref name="position"/> belongs to.</summary>
    public int SourceOf(int position)
    {
        var index = 0;
        while (index + 1 < SourceStarts.Count && SourceStarts[index + 1] <= position)
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// One context holding <paramref name="contexts"/> one after another (a conversation over several
    /// videos). Each keeps the rotary positions it was prefilled at, so within a video attention is
    /// exactly as indexed; across videos the relative distances are those of independently indexed
    /// prefixes (the contexts never attended to each other). The keys and values are copied.
    /// </summary>
    public static VisualContext Concat(IReadOnlyList<VisualContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        if (contexts.Count == 0)
        {
            throw new ArgumentException("At least one context is needed.", nameof(contexts));
        }

        var first = contexts[0];
        if (contexts.Any(c => c.Layers != first.Layers || c.KvHeads != first.KvHeads || c.HeadDim != first.HeadDim))
        {
            throw new ArgumentException("Contexts made by different models cannot be joined.", nameof(contexts));
        }

        var keys = new Tensor[first.Layers];
        var values = new Tensor[first.Layers];
        for (var layer = 0; layer < first.Layers; layer++)
        {
            keys[layer] = cat(contexts.Select(c => c.Keys(layer)).ToArray(), 2).DetachFromDisposeScope();      // (1, Hkv, ΣP, Dh)
            values[layer] = cat(contexts.Select(c => c.Values(layer)).ToArray(), 2).DetachFromDisposeScope();  // (1, Hkv, ΣP, Dh)
        }

        var starts = new List<int>();
        var offset = 0;
        foreach (var context in contexts)
        {
            starts.AddRange(context.SourceStarts.Select(s => s + offset));
            offset += context.LengthTokens;
        }

        var stats = new VisualContextStats(
            contexts.Sum(c => c.Stats.Frames), contexts.Sum(c => c.Stats.VisualTokensBeforePruning), contexts.Sum(c => c.Stats.VisualTokensKept),
            first.Stats.KeepRatio, contexts.Sum(c => c.Stats.EncodeMilliseconds), contexts.Sum(c => c.Stats.PrefillMilliseconds));
        return new VisualContext(keys, values, contexts.SelectMany(c => c.Tokens).ToList(), stats, starts);
    }

    /// <summary>Bytes of keys and values held.</summary>
    public long Bytes => _keys.Concat(_values).Sum(t => t.NumberOfElements * t.ElementSize);

    /// <summary>A layer's keys (1, Hkv, P, Dh); read only.</summary>
    public Tensor Keys(int layer) => _keys[layer];

    /// <summary>A layer's values (1, Hkv, P, Dh); read only.</summary>
    public Tensor Values(int layer) => _values[layer];

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
        {
            tensor.Dispose();
        }

        VisualPositionIndex.Dispose();
    }
}

/// <summary>How a visual context was made.</summary>
/// <param name="Frames">Frames sampled and encoded.</param>
/// <param name="VisualTokensBeforePruning">Visual tokens the tower produced.</param>
/// <param name="VisualTokensKept">Visual tokens kept by pruning and prefilled.</param>
/// <param name="KeepRatio">The keep ratio asked for.</param>
/// <param name="EncodeMilliseconds">Time decoding frames and running the vision tower.</param>
/// <param name="PrefillMilliseconds">Time prefilling the LLM over the context.</param>
public sealed record VisualContextStats(int Frames, int VisualTokensBeforePruning, int VisualTokensKept, double KeepRatio, double EncodeMilliseconds, double PrefillMilliseconds);
