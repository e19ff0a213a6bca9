using System.Globalization;

namespace SparseVila.Engine.Storage;

/// <summary>A segment's XxHash64 as the manifest writes it: 16 lowercase hex digits.</summary>
public static class KvChecksum
{
    /// <summary>16 lowercase hex digits of <paramref name="checksum"/>.</summary>
    public static string Format(ulong checksum) => checksum.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Parses 16 hex digits; false for anything else.</summary>
    public static bool TryParse(string? text, out ulong checksum)
    {
        checksum = 0;
        return text is { Length: 16 } && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out checksum);
    }
}
