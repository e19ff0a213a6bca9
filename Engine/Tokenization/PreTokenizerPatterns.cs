using System.Text.RegularExpressions;

namespace SparseVila.Engine.Tokenization;

/// <summary>The word-splitting expressions of the tokenizers whose files do not spell theirs out.</summary>
internal static class PreTokenizerPatterns
{
    /// <summary>GPT-2's, also what Hugging Face's <c>ByteLevel</c> pre-tokenizer applies when <c>use_regex</c> is true.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2's: case-insensitive contractions, single digits, letters with one leading non-letter.</summary>
    public const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Compiles a pattern taken from a tokenizer file; throws <see cref="ArgumentException"/> when .NET cannot parse it.</summary>
    public static Regex Compile(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
