using System.Buffers;
using System.Globalization;
using System.Text;

namespace SparseVila.Engine.Tokenization;

/// <summary>Reads SentencePiece-style vocabulary entries back into bytes: "▁" is a space, "&lt;0xE4&gt;" is one raw byte.</summary>
internal static class MetaspacePieces
{
    /// <summary>The byte a byte-fallback piece such as "&lt;0xE4&gt;" stands for; false for any other piece.</summary>
    public static bool TryParseByte(string piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>' &&
               byte.TryParse(piece.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The byte-fallback piece for <paramref name="value"/>, e.g. "&lt;0xE4&gt;".</summary>
    public static string ByteName(byte value) => string.Create(CultureInfo.InvariantCulture, $"<0x{value:X2}>");

    /// <summary>Writes the text <paramref name="piece"/> stands for, "▁" turned into spaces.</summary>
    public static void WriteText(string piece, IBufferWriter<byte> destination) =>
        Encoding.UTF8.GetBytes(piece.Replace(MetaspaceEscaping.Metaspace, ' '), destination);
}
