using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

public sealed class NibblePackingTests
{
    [Theory]
    [InlineData(new long[] { 1, 2, 3, 4 })]
    [InlineData(new long[] { 1, 1, 3, 5 })]   // odd: the last high nibble is padding
    [InlineData(new long[] { 1 })]
    public void Unpack_GivesBackEveryCode_InItsShape(long[] shape)
    {
        using var scope = NewDisposeScope();
        var codes = randint(0, 16, shape, dtype: ScalarType.Byte);

        var packed = NibblePacking.Pack(codes);
        var unpacked = NibblePacking.Unpack(packed, shape);

        Assert.Equal(NibblePacking.PackedBytes(codes.numel()), packed.numel());
        Assert.Equal(shape, unpacked.shape);
        Assert.Equal(ScalarType.Byte, unpacked.dtype);
        Assert.Equal(codes.data<byte>().ToArray(), unpacked.data<byte>().ToArray());
    }

    [Fact]
    public void Pack_PutsTheEvenCodeInTheLowNibble()
    {
        using var scope = NewDisposeScope();
        var packed = NibblePacking.Pack(tensor(new byte[] { 0x3, 0xA, 0xF }));

        Assert.Equal(new byte[] { 0xA3, 0x0F }, packed.data<byte>().ToArray());
        Assert.Equal(new byte[] { 0x3, 0xA, 0xF }, NibblePacking.Unpack(packed, [3]).data<byte>().ToArray());
    }

    [Fact]
    public void Unpack_RefusesAPayloadOfTheWrongSize()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => NibblePacking.Unpack(zeros(3, ScalarType.Byte), [8]));
        Assert.Throws<ArgumentException>(() => NibblePacking.Unpack(zeros(4, ScalarType.Int32), [8]));
    }
}
