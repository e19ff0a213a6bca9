using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Tests.Generation;

/// <summary>One token per character of a fixed alphabet, for tests of generation logic without a real vocabulary.</summary>
internal sealed class CharTokenizer(IReadOnlyList<int>? eosTokenIds = null) : ITextTokenizer
{
    public const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?'\"()[]{}<>/\\|-_+=*&^%$#@~`\n";

    public int VocabularySize => Alphabet.Length;

    public int? BosTokenId => null;

    public IReadOnlyList<int> EosTokenIds { get; } = eosTokenIds ?? [];

    public IReadOnlyList<int> Encode(string text) =>
        text.Select(c => Alphabet.IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? i : throw new ArgumentException($"'{c}' is not in the alphabet.", nameof(text))).ToList();

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) =>
        string.Concat(ids.Select(id => id < Alphabet.Length ? Alphabet[id].ToString() : $"<{id}>"));

    public int? TokenToId(string token) => token.Length == 1 && Alphabet.Contains(token[0], StringComparison.Ordinal) ? Alphabet.IndexOf(token[0], StringComparison.Ordinal) : null;

    public bool IsSpecial(int id) => id >= Alphabet.Length;

    public IncrementalDecoder CreateIncrementalDecoder() => new(this);
}
