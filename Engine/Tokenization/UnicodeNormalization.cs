using System.Text;

namespace SparseVila.Engine.Tokenization;

/// <summary>Applies the Unicode normalization form a tokenizer asks for (Qwen2: NFC) before it splits text.</summary>
/// <remarks>
/// .NET normalizes through ICU. A process built with <c>InvariantGlobalization</c> (this repository's
/// default) has no ICU and leaves non-ASCII text as it is, so text that arrives decomposed
/// (e.g. "e" + U+0301) is then encoded unnormalized: still valid ids, possibly different ones.
/// </remarks>
internal static class UnicodeNormalization
{
    /// <summary>Returns <paramref name="text"/> in <paramref name="form"/>, or unchanged when <paramref name="form"/> is null.</summary>
    public static string Apply(string text, NormalizationForm? form) =>
        form is { } chosen && !Ascii.IsValid(text) ? text.Normalize(chosen) : text;
}
