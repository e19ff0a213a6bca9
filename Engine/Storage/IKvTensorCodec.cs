using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>
/// Turns one layer's keys or values (1, Hkv, T, Dh) into the parts a segment stores, and back. Encoding
/// runs on the tensor's device and returns contiguous CPU parts; decoding returns float32 on the parts' device.
/// </summary>
public interface IKvTensorCodec
{
    /// <summary>The codec implemented.</summary>
    KvCodec Kind { get; }

    /// <summary>The parts of an encoded <paramref name="role"/> tensor of <paramref name="shape"/>, in stored order.</summary>
    IReadOnlyList<KvPart> Parts(KvTensorRole role, KvTensorShape shape);

    /// <summary>
    /// Encodes <paramref name="tensor"/> (1, Hkv, T, Dh), any floating type, into the parts <see cref="Parts"/> lists.
    /// Throws <see cref="ArgumentException"/> for another shape, or a value that is not finite or beyond ±<see cref="Fp16Limits.MaxMagnitude"/>.
    /// </summary>
    Tensor[] Encode(Tensor tensor, KvTensorRole role);

    /// <summary>Decodes <paramref name="parts"/>, as <see cref="Parts"/> lists them, into float32 (1, Hkv, T, Dh).</summary>
    Tensor Decode(IReadOnlyList<Tensor> parts, KvTensorRole role, KvTensorShape shape);
}
