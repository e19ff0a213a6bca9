using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>
/// 4-bit asymmetric codes (<see cref="AsymmetricQuantization"/>, 15 steps) packed two a byte (<see cref="NibblePacking"/>):
/// parts uint8 (⌈Hkv·T·Dh / 2⌉,), then fp16 scales and zero points.
/// </summary>
internal sealed class Int4TensorCodec(int groupTokens) : IKvTensorCodec
{
    private const int MaxCode = 15;

    public KvCodec Kind => KvCodec.Int4;

    public IReadOnlyList<KvPart> Parts(KvTensorRole role, KvTensorShape shape)
    {
        var parameters = AsymmetricQuantization.ParameterShape(role, shape, groupTokens);
        return [new KvPart(ScalarType.Byte, [NibblePacking.PackedBytes(shape.Elements)]), new KvPart(ScalarType.Float16, parameters), new KvPart(ScalarType.Float16, parameters)];
    }

    public Tensor[] Encode(Tensor tensor, KvTensorRole role)
    {
        using var scope = NewDisposeScope();
        var (codes, scales, zeroPoints) = AsymmetricQuantization.Quantize(tensor, role, groupTokens, MaxCode);
        Tensor[] parts = [NibblePacking.Pack(codes).cpu().contiguous(), scales.cpu().contiguous(), zeroPoints.cpu().contiguous()];
        return [.. parts.Select(part => part.MoveToOuterDisposeScope())];
    }

    public Tensor Decode(IReadOnlyList<Tensor> parts, KvTensorRole role, KvTensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var scope = NewDisposeScope();
        var codes = NibblePacking.Unpack(parts[0], shape.Dimensions);                                   // (1, Hkv, T, Dh)
        return AsymmetricQuantization.Dequantize(codes, parts[1], parts[2], role, shape, groupTokens).MoveToOuterDisposeScope();
    }
}
