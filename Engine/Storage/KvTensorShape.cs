using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>The shape (1, Hkv, T, Dh) of one layer's keys or values.</summary>
/// <param name="KvHeads">Key/value heads, Hkv.</param>
/// <param name="Tokens">Positions, T.</param>
/// <param name="HeadDim">Channels of one head, Dh.</param>
public readonly record struct KvTensorShape(int KvHeads, int Tokens, int HeadDim)
{
    /// <summary>Elements: Hkv × T × Dh.</summary>
    public long Elements => (long)KvHeads * Tokens * HeadDim;

    /// <summary>The shape as TorchSharp takes it.</summary>
    public long[] Dimensions => [1, KvHeads, Tokens, HeadDim];

    /// <summary>The shape of <paramref name="tensor"/>; throws <see cref="ArgumentException"/> unless it is (1, Hkv, T, Dh) with each size at least 1.</summary>
    public static KvTensorShape Of(Tensor tensor, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] < 1 || shape[2] < 1 || shape[3] < 1
            || shape[1] > int.MaxValue || shape[2] > int.MaxValue || shape[3] > int.MaxValue)
        {
            throw new ArgumentException($"Keys and values are (1, Hkv, T, Dh) with every size at least 1, not ({string.Join(", ", shape)}).", paramName);
        }

        return new KvTensorShape((int)shape[1], (int)shape[2], (int)shape[3]);
    }
}
