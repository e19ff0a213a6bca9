using System.Buffers.Binary;
using System.Text;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads protocol buffer wire format field by field; enough to read a SentencePiece <c>tokenizer.model</c>
/// without generated code. Throws <see cref="InvalidDataException"/> on truncated or malformed input.
/// </summary>
internal ref struct ProtobufReader
{
    private const int VarintWireType = 0;
    private const int Fixed64WireType = 1;
    private const int LengthDelimitedWireType = 2;
    private const int Fixed32WireType = 5;

    private ReadOnlySpan<byte> _remaining;

    /// <summary>Reads <paramref name="message"/>, one encoded message.</summary>
    public ProtobufReader(ReadOnlySpan<byte> message) => _remaining = message;

    /// <summary>Reads the next field's number and wire type; false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out int wireType)
    {
        if (_remaining.IsEmpty)
        {
            fieldNumber = wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        fieldNumber = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (fieldNumber == 0)
        {
            throw new InvalidDataException("field number 0.");
        }

        return true;
    }

    /// <summary>A varint field (int32, enum, bool). Negative int32 values arrive as ten-byte varints and come back negative.</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than ten bytes.");
    }

    /// <summary>A length-delimited field: a string, bytes or an embedded message.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        return length <= (ulong)_remaining.Length ? Take((int)length) : throw new InvalidDataException("length past the end of the message.");
    }

    /// <summary>A UTF-8 string field.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited());

    /// <summary>A float field (wire type fixed32).</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Skips a field this reader has no use for.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case VarintWireType: ReadVarint(); break;
            case Fixed64WireType: Take(8); break;
            case LengthDelimitedWireType: ReadLengthDelimited(); break;
            case Fixed32WireType: Take(4); break;
            default: throw new InvalidDataException($"wire type {wireType} is not supported.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _remaining.Length)
        {
            throw new InvalidDataException("message ends inside a field.");
        }

        var taken = _remaining[..count];
        _remaining = _remaining[count..];
        return taken;
    }
}
