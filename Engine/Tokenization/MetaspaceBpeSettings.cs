namespace SparseVila.Engine.Tokenization;

/// <summary>
/// A SentencePiece-style BPE described by <c>tokenizer.json</c> (Llama, LLaVA-1.5).
/// </summary>
/// <param name="Escaping">How spaces become "▁" and where a "▁" is prefixed.</param>
/// <param name="SplitAtMetaspace">Whether words are split before each "▁" (Hugging Face <c>Metaspace</c> with <c>split: true</c>).</param>
/// <param name="UnknownToken">The token for characters the vocabulary lacks.</param>
/// <param name="FuseUnknown">Whether neighbouring unknown characters share one unknown token.</param>
/// <param name="ByteFallback">Whether unknown characters are encoded as "&lt;0xXX&gt;" byte tokens instead.</param>
/// <param name="DecodesByteTokens">Whether the decoder turns "&lt;0xXX&gt;" tokens back into bytes.</param>
/// <param name="StripsLeadingSpace">Whether the decoder drops one space at the start of the text.</param>
internal sealed record MetaspaceBpeSettings(
    MetaspaceEscaping Escaping,
    bool SplitAtMetaspace,
    string UnknownToken,
    bool FuseUnknown,
    bool ByteFallback,
    bool DecodesByteTokens,
    bool StripsLeadingSpace);
