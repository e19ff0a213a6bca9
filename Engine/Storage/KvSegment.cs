using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>A decoded segment: its header, the positions it holds and per layer their keys and values (1, Hkv, T, Dh). Owns its tensors.</summary>
public sealed class KvSegment : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;

    internal KvSegment(KvSegmentHeader header, IReadOnlyList<ContextToken> tokens, Tensor[] keys, Tensor[] values, ulong checksum)
    {
        Header = header;
        Tokens = tokens;
        _keys = keys;
        _values = values;
        Checksum = checksum;
    }

    /// <summary>The segment's header.</summary>
    public KvSegmentHeader Header { get; }

    /// <summary>What sits at each position held.</summary>
    public IReadOnlyList<ContextToken> Tokens { get; }

    /// <summary>The segment's XxHash64, verified.</summary>
    public ulong Checksum { get; }

    /// <summary>Decoder layers.</summary>
    public int Layers => _keys.Length;

    /// <summary>A layer's decoded keys (1, Hkv, T, Dh).</summary>
    public Tensor Keys(int layer) => _keys[layer];

    /// <summary>A layer's decoded values (1, Hkv, T, Dh).</summary>
    public Tensor Values(int layer) => _values[layer];

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
        {
            tensor.Dispose();
        }
    }
}
