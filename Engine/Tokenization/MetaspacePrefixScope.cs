namespace SparseVila.Engine.Tokenization;

/// <summary>Which text segments (the text between added tokens) SentencePiece-style tokenizers put a "▁" before.</summary>
internal enum MetaspacePrefixScope
{
    /// <summary>None.</summary>
    Never,

    /// <summary>Only a segment that starts the text (Hugging Face's <c>prepend_scheme: first</c>, Llama's non-legacy mode).</summary>
    FirstSegment,

    /// <summary>Every segment (SentencePiece's <c>add_dummy_prefix</c> applied per segment, Llama's legacy mode).</summary>
    EverySegment,
}
