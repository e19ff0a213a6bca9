namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Turns text into a language model's token ids and back. Loaded from a Hugging Face checkpoint
/// folder by <see cref="TokenizerLoader"/>; immutable once loaded and safe to share between threads.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>
    /// Encodes <paramref name="text"/>. Added and special tokens written literally in the text
    /// (e.g. <c>&lt;|im_start|&gt;</c>) become their single ids; no beginning-of-sequence token is added.
    /// </summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>
    /// Decodes <paramref name="ids"/> to text. Special tokens are written as their content unless
    /// <paramref name="skipSpecialTokens"/> is set. Bytes that do not form UTF-8 become U+FFFD.
    /// Throws <see cref="ArgumentOutOfRangeException"/> for an id the tokenizer does not know.
    /// </summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false);

    /// <summary>The id of a token given by its content (an added token or a vocabulary entry), or null.</summary>
    int? TokenToId(string token);

    /// <summary>The largest id the tokenizer can produce, plus one (added tokens included).</summary>
    int VocabularySize { get; }

    /// <summary>The beginning-of-sequence token id, or null when the checkpoint defines none (Qwen2).</summary>
    int? BosTokenId { get; }

    /// <summary>Ids that end generation: <c>generation_config.json</c>'s first, then the tokenizer's end-of-sequence token.</summary>
    IReadOnlyList<int> EosTokenIds { get; }

    /// <summary>Whether <paramref name="id"/> is a special token (skipped by <see cref="Decode"/> on request).</summary>
    bool IsSpecial(int id);

    /// <summary>A decoder for streaming generated ids one at a time; special tokens are written out.</summary>
    IncrementalDecoder CreateIncrementalDecoder();
}
