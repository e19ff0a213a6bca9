namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Writes text the way SentencePiece vocabularies spell it: spaces become "▁" (U+2581) and a "▁" is
/// put before the segments <see cref="PrefixScope"/> names. SentencePiece's own dummy prefix is put
/// there even before a space (<see cref="PrefixWhenSpaced"/>); Hugging Face's <c>Metaspace</c> skips it then.
/// </summary>
internal sealed record MetaspaceEscaping(MetaspacePrefixScope PrefixScope, bool PrefixWhenSpaced)
{
    /// <summary>The character that stands for a space.</summary>
    public const char Metaspace = '\u2581';

    /// <summary>Whether decoding should drop the space the prefix became (SentencePiece and Hugging Face both do).</summary>
    public bool AddsPrefix => PrefixScope != MetaspacePrefixScope.Never;

    /// <summary>Escapes <paramref name="segment"/>; <paramref name="atTextStart"/> says whether it starts the encoded text.</summary>
    public string Apply(string segment, bool atTextStart)
    {
        var escaped = segment.Replace(' ', Metaspace);
        var prefix = PrefixScope switch
        {
            MetaspacePrefixScope.EverySegment => true,
            MetaspacePrefixScope.FirstSegment => atTextStart,
            _ => false,
        };
        return prefix && (PrefixWhenSpaced || !escaped.StartsWith(Metaspace)) ? Metaspace + escaped : escaped;
    }
}
