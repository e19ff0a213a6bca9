namespace SparseVila.Engine.Tokenization;

/// <summary>
/// GPT-2's byte-level alphabet: every byte is written as a printable character, so byte-level BPE
/// vocabularies (GPT-2, Qwen2) hold text such as "Ġthe" (a space byte, then "the") instead of raw bytes.
/// Printable Latin-1 bytes stand for themselves; the other 68 bytes map, in order, to U+0100 onwards.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = BuildCharToByte(ByteToChar);

    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>Every byte's character, in byte order.</summary>
    public static IEnumerable<char> AllChars => ByteToChar;

    /// <summary>The byte a vocabulary character stands for; false when it stands for none.</summary>
    public static bool TryToByte(char symbol, out byte value) => CharToByte.TryGetValue(symbol, out value);

    private static char[] BuildByteToChar()
    {
        var chars = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
            chars[b] = printable ? (char)b : (char)next++;
        }

        return chars;
    }

    private static Dictionary<char, byte> BuildCharToByte(char[] byteToChar)
    {
        var map = new Dictionary<char, byte>(byteToChar.Length);
        for (var b = 0; b < byteToChar.Length; b++)
        {
            map.Add(byteToChar[b], (byte)b);
        }

        return map;
    }
}
