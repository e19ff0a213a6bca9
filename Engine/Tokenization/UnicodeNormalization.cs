using System.Text;

namespace SparseVila.Engine.Tokenization;

/// <summary>Applies the Unicode normalization form a tokenizer asks for (Qwen2: NFC) before it splits text.</summary>
/// <remarks>
/// .NET normalizes through ICU, so the repository does not build with <c>InvariantGlobalization</c>
/// (which would leave non-ASCII text unnormalized: "e" + U+0301 would then get other ids than "é").
/// </remarks>
internal static class UnicodeNormalization
{
    /// <summary>Returns <paramref name="text"/> in <paramref name="form"/>, or unchanged when <paramref name="form"/> is null.</summary>
    public static string Apply(string text, NormalizationForm? form) =>
        form is { } chosen && !Ascii.IsValid(text) ? text.Normalize(chosen) : text;
}
