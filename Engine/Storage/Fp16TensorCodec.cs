using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>Keys and values rounded once to IEEE half precision: one part, fp16 (1, Hkv, T, Dh).</summary>
internal sealed class Fp16TensorCodec : IKvTensorCodec
{
    public KvCodec Kind => KvCodec.Fp16;

    public IReadOnlyList<KvPart> Parts(KvTensorRole role, KvTensorShape shape) => [new KvPart(ScalarType.Float16, shape.Dimensions)];

    public Tensor[] Encode(Tensor tensor, KvTensorRole role)
    {
        KvTensorShape.Of(tensor, nameof(tensor));
        Fp16Limits.Check(tensor, nameof(tensor));
        // A copy even when the tensor is already fp16 on the CPU: the caller owns its tensor, the writer disposes parts.
        return [tensor.to(ScalarType.Float16, CPU, copy: true).contiguous()];                          // (1, Hkv, T, Dh)
    }

    public Tensor Decode(IReadOnlyList<Tensor> parts, KvTensorRole role, KvTensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts[0].to(ScalarType.Float32).reshape(shape.Dimensions);                               // (1, Hkv, T, Dh)
    }
}
