using System.Buffers.Binary;
using SparseVila.Engine.Sparse;

namespace SparseVila.Engine.Storage;

/// <summary>A <see cref="ContextToken"/> as 17 little-endian bytes: u8 kind, i32 frame index, f64 timestamp in seconds, i32 patch index.</summary>
internal static class ContextTokenRecord
{
    /// <summary>Bytes of one record.</summary>
    public const int SizeBytes = 17;

    /// <summary>Writes <paramref name="token"/> to the first <see cref="SizeBytes"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, ContextToken token)
    {
        destination[0] = (byte)token.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], token.FrameIndex);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[5..], token.TimestampSeconds);
        BinaryPrimitives.WriteInt32LittleEndian(destination[13..], token.PatchIndex);
    }

    /// <summary>Reads a record; the kind is taken as stored, <see cref="IsKnown"/> says whether it names a kind.</summary>
    public static ContextToken Read(ReadOnlySpan<byte> source) => new(
        (ContextTokenKind)source[0],
        BinaryPrimitives.ReadInt32LittleEndian(source[1..]),
        BinaryPrimitives.ReadDoubleLittleEndian(source[5..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[13..]));

    /// <summary>Whether <paramref name="token"/>'s kind is one <see cref="ContextTokenKind"/> defines.</summary>
    public static bool IsKnown(ContextToken token) => Enum.IsDefined(token.Kind);
}
