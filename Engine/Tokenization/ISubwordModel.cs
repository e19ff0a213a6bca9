using System.Buffers;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// The subword model under a <see cref="CheckpointTokenizer"/>: byte-level BPE or SentencePiece-style
/// BPE. It sees only text between added tokens and knows nothing of special tokens.
/// </summary>
internal interface ISubwordModel
{
    /// <summary>Appends the ids of <paramref name="segment"/>, which holds no added token.</summary>
    /// <param name="segment">Non-empty text between added tokens.</param>
    /// <param name="atTextStart">Whether the segment starts the encoded text (SentencePiece prefixes a space there).</param>
    /// <param name="ids">Where the ids go.</param>
    void Encode(string segment, bool atTextStart, List<int> ids);

    /// <summary>Writes the UTF-8 bytes token <paramref name="id"/> stands for; false when the model has no such id.</summary>
    bool TryWriteBytes(int id, IBufferWriter<byte> destination);

    /// <summary>The id of a vocabulary entry, or null.</summary>
    int? TokenToId(string token);

    /// <summary>The largest id in the vocabulary, plus one.</summary>
    int IdLimit { get; }

    /// <summary>Whether decoding drops one space at the start of the text (SentencePiece's prefixed space).</summary>
    bool StripsLeadingSpace { get; }
}
