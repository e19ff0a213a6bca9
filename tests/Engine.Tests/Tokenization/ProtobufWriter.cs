using System.Buffers.Binary;
using System.Text;

namespace SparseVila.Engine.Tests.Tokenization;

/// <summary>
/// Writes protocol buffer wire format by hand, enough for a SentencePiece <c>ModelProto</c>
/// (the tokenizer.model files Microsoft.ML.Tokenizers parses with Google.Protobuf).
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly List<byte> _bytes = [];

    public ProtobufWriter Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint(unchecked((ulong)value)); // a negative int32 is written as ten bytes, as protobuf does
        return this;
    }

    public ProtobufWriter Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, 5);
        var buffer = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
        _bytes.AddRange(buffer);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => [.. _bytes];

    private ProtobufWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
