using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>
/// 8-bit asymmetric codes (<see cref="AsymmetricQuantization"/>, 255 steps): parts uint8 codes (1, Hkv, T, Dh),
/// then fp16 scales and zero points.
/// </summary>
internal sealed class Int8TensorCodec(int groupTokens) : IKvTensorCodec
{
    private const int MaxCode = 255;

    public KvCodec Kind => KvCodec.Int8;

    public IReadOnlyList<KvPart> Parts(KvTensorRole role, KvTensorShape shape)
    {
        var parameters = AsymmetricQuantization.ParameterShape(role, shape, groupTokens);
        return [new KvPart(ScalarType.Byte, shape.Dimensions), new KvPart(ScalarType.Float16, parameters), new KvPart(ScalarType.Float16, parameters)];
    }

    public Tensor[] Encode(Tensor tensor, KvTensorRole role)
    {
        using var scope = NewDisposeScope();
        var (codes, scales, zeroPoints) = AsymmetricQuantization.Quantize(tensor, role, groupTokens, MaxCode);
        Tensor[] parts = [codes.cpu().contiguous(), scales.cpu().contiguous(), zeroPoints.cpu().contiguous()];
        return [.. parts.Select(part => part.MoveToOuterDisposeScope())];
    }

    public Tensor Decode(IReadOnlyList<Tensor> parts, KvTensorRole role, KvTensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return AsymmetricQuantization.Dequantize(parts[0].reshape(shape.Dimensions), parts[1], parts[2], role, shape, groupTokens);
    }
}
