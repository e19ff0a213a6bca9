using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>
/// The keys and values of one sequence, per decoder layer, in preallocated (1, Hkv, capacity, Dh)
/// buffers that grow by doubling. Owned by its caller (a conversation, a test), passed into every
/// forward, never hidden inside the model.
/// </summary>
public sealed class KvCache : IAttentionCache, IDisposable
{
    private readonly Tensor[] _keys;   // per layer (1, Hkv, Capacity, Dh)
    private readonly Tensor[] _values; // per layer (1, Hkv, Capacity, Dh)

    public KvCache(int layers, int kvHeads, int headDim, int capacityTokens, ScalarType dtype, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityTokens);
        KvHeads = kvHeads;
        HeadDim = headDim;
        _keys = new Tensor[layers];
        _values = new Tensor[layers];
        using var scope = NewDisposeScope();                                                       // the buffers are detached from it: the cache owns them
        for (var layer = 0; layer < layers; layer++)
        {
            _keys[layer] = zeros([1, kvHeads, capacityTokens, headDim], dtype, device).DetachFromDisposeScope();
            _values[layer] = zeros([1, kvHeads, capacityTokens, headDim], dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Decoder layers held.</summary>
    public int Layers => _keys.Length;

    /// <summary>Key/value heads per layer.</summary>
    public int KvHeads { get; }

    /// <summary>Width of one head.</summary>
    public int HeadDim { get; }

    /// <summary>Tokens whose keys and values are held (the next token's position).</summary>
    public int LengthTokens { get; private set; }

    /// <summary>
    /// Added to <see cref="LengthTokens"/> to give the next rotary position: non-zero for a compact cache
    /// holding a selection of a longer context, whose keys keep their original positions.
    /// </summary>
    public int PositionOffset { get; init; }

    /// <inheritdoc />
    public int NextPosition => PositionOffset + LengthTokens;

    /// <inheritdoc />
    public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values)
    {
        var (allKeys, allValues) = Write(layer, keys, values);
        return Text.GroupedAttention.Attend(queries, allKeys, allValues, KvHeads);
    }

    /// <summary>Tokens that fit before the buffers grow.</summary>
    public int CapacityTokens => (int)_keys[0].shape[2];

    /// <summary>Bytes held by the buffers (capacity, not length).</summary>
    public long CapacityBytes => _keys.Sum(k => k.NumberOfElements * k.ElementSize) * 2;

    /// <summary>
    /// Writes a layer's new keys and values (1, Hkv, T, Dh) after the held ones and returns views of all
    /// of them, (1, Hkv, Length + T, Dh). The length advances only in <see cref="Advance"/>, once every
    /// layer has written.
    /// </summary>
    public (Tensor Keys, Tensor Values) Write(int layer, Tensor keys, Tensor values)
    {
        var newTokens = (int)keys.shape[2];
        if (keys.shape[1] != KvHeads || keys.shape[3] != HeadDim || !keys.shape.SequenceEqual(values.shape))
        {
            throw new ArgumentException(
                $"Keys {Shape(keys)} and values {Shape(values)} do not fit a cache of (1, {KvHeads}, T, {HeadDim}).", nameof(keys));
        }

        EnsureCapacity(LengthTokens + newTokens);
        var end = LengthTokens + newTokens;
        _keys[layer][.., .., LengthTokens..end, ..].copy_(keys);
        _values[layer][.., .., LengthTokens..end, ..].copy_(values);
        return (_keys[layer][.., .., ..end, ..], _values[layer][.., .., ..end, ..]);
    }

    /// <summary>Commits <paramref name="tokens"/> written by every layer.</summary>
    public void Advance(int tokens) => LengthTokens += tokens;

    /// <summary>Forgets every token from <paramref name="lengthTokens"/> on (e.g. to re-run a turn).</summary>
    public void Truncate(int lengthTokens)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lengthTokens, LengthTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(lengthTokens);
        LengthTokens = lengthTokens;
    }

    /// <summary>Views of one layer's held keys and values, (1, Hkv, Length, Dh).</summary>
    public (Tensor Keys, Tensor Values) Layer(int layer) =>
        (_keys[layer][.., .., ..LengthTokens, ..], _values[layer][.., .., ..LengthTokens, ..]);

    private void EnsureCapacity(int tokens)
    {
        if (tokens <= CapacityTokens)
        {
            return;
        }

        var capacity = Math.Max(tokens, CapacityTokens * 2);
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            _keys[layer] = Grow(_keys[layer], capacity);
            _values[layer] = Grow(_values[layer], capacity);
        }
    }

    private Tensor Grow(Tensor buffer, int capacity)
    {
        using var scope = NewDisposeScope();                                                       // holds the slices while they are copied
        var grown = zeros([1, KvHeads, capacity, HeadDim], buffer.dtype, buffer.device).DetachFromDisposeScope();
        grown[.., .., ..LengthTokens, ..].copy_(buffer[.., .., ..LengthTokens, ..]);
        buffer.Dispose();
        return grown;
    }

    private static string Shape(Tensor t) => "(" + string.Join(", ", t.shape) + ")";

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
        {
            tensor.Dispose();
        }
    }
}
