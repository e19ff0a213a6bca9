using SparseVila.Engine.Training;

namespace SparseVila.Bench.Sparsity;

/// <summary>
/// The smallest Qwen2-style tokenizer a checkpoint folder can carry: <see cref="WordTokenizerFiles"/> with no words, so
/// byte-level BPE with the 256 byte symbols (ids 0–255, in byte order), no merges, and the ChatML specials after them.
/// Every text encodes (one token a byte), which is all a benchmark with random weights needs.
/// </summary>
public static class ByteLevelTokenizerFiles
{
    /// <summary>Byte symbols come first: id b is byte b.</summary>
    private const int ByteTokens = 256;

    /// <summary>&lt;|endoftext|&gt;: padding.</summary>
    public const int EndOfTextId = ByteTokens;

    /// <summary>&lt;|im_start|&gt;: opens a ChatML message.</summary>
    public const int ImStartId = ByteTokens + 1;

    /// <summary>&lt;|im_end|&gt;: closes a ChatML message; the end-of-sequence token.</summary>
    public const int ImEndId = ByteTokens + 2;

    /// <summary>Ids the tokenizer knows (bytes and specials).</summary>
    public const int VocabularyTokens = ByteTokens + 3;

    /// <summary>The special tokens' ids.</summary>
    public static IReadOnlyList<int> SpecialTokenIds { get; } = [EndOfTextId, ImStartId, ImEndId];

    /// <summary>Writes tokenizer.json, tokenizer_config.json and generation_config.json (end of sequence: <see cref="ImEndId"/>) into <paramref name="folder"/>.</summary>
    public static void Write(string folder)
    {
        var ids = WordTokenizerFiles.Write(folder, []);
        if (ids != VocabularyTokens)
        {
            throw new InvalidOperationException($"The byte-level tokenizer has {ids} ids, not the {VocabularyTokens} the benchmark model is built for.");
        }
    }
}
