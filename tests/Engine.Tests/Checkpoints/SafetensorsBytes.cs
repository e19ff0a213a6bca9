using System.Buffers.Binary;
using System.Text;

namespace SparseVila.Engine.Tests.Checkpoints;

/// <summary>Safetensors files built byte by byte, independently of the writer under test.</summary>
internal static class SafetensorsBytes
{
    /// <summary>The 8-byte little-endian length of <paramref name="headerJson"/>, its UTF-8 bytes, then <paramref name="data"/>.</summary>
    public static byte[] Build(string headerJson, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var file = new byte[sizeof(ulong) + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, sizeof(ulong));
        data.CopyTo(file, sizeof(ulong) + header.Length);
        return file;
    }

    /// <summary>Little-endian bytes of 32-bit floats.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>Little-endian bytes of 64-bit integers.</summary>
    public static byte[] Longs(params long[] values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return bytes;
    }

    /// <summary>Little-endian bytes of 16-bit patterns (F16 or BF16 bits).</summary>
    public static byte[] Bits16(params ushort[] values)
    {
        var bytes = new byte[values.Length * sizeof(ushort)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * sizeof(ushort)), values[i]);
        }

        return bytes;
    }
}
