namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Streams text as ids arrive: <see cref="Append"/> returns only text that no later id can change.
/// A character split over several byte-level tokens is held back until its last byte arrives, and a
/// SentencePiece "▁" becomes a space exactly where <see cref="ITextTokenizer.Decode"/> would put one.
/// </summary>
/// <remarks>
/// Works on any <see cref="ITextTokenizer"/> by decoding a short window of recent ids twice: up to the
/// last emitted id (the prefix) and up to the newest. The difference is new text unless it ends in
/// U+FFFD, which means an incomplete character (the approach of vLLM's incremental detokenizer).
/// For a tokenizer whose decoded text only grows at its end as ids are added (those
/// <see cref="TokenizerLoader"/> builds), every <see cref="Append"/> and a final <see cref="Flush"/>
/// together equal <see cref="ITextTokenizer.Decode"/> of all the ids. Not thread-safe: one decoder per stream.
/// </remarks>
public sealed class IncrementalDecoder
{
    private const char ReplacementCharacter = '\uFFFD';

    private readonly ITextTokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;

    // The ids that produced the last emitted text (the prefix), then those not yet emitted.
    // Earlier ids can no longer change the text and are dropped.
    private readonly List<int> _window = [];

    // How many ids at the start of the window are the prefix.
    private int _emittedCount;

    /// <summary>Creates a decoder over <paramref name="tokenizer"/>.</summary>
    public IncrementalDecoder(ITextTokenizer tokenizer, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one generated id; returns the text it completes, possibly empty.</summary>
    public string Append(int id)
    {
        _window.Add(id);
        var prefixText = _tokenizer.Decode(_window.Take(_emittedCount), _skipSpecialTokens);
        var fullText = _tokenizer.Decode(_window, _skipSpecialTokens);
        if (fullText.Length <= prefixText.Length || fullText[^1] == ReplacementCharacter)
        {
            return string.Empty;
        }

        // The ids just turned into text become the next prefix. They give the next decodes their
        // context, and both decodes start at the same id, so a leading "▁" reads the same in each.
        _window.RemoveRange(0, _emittedCount);
        _emittedCount = _window.Count;
        return fullText[prefixText.Length..];
    }

    /// <summary>
    /// Returns what is still held back (an incomplete character, as U+FFFD, or text after it) and
    /// starts over. Call once when the stream ends.
    /// </summary>
    public string Flush()
    {
        var prefixText = _tokenizer.Decode(_window.Take(_emittedCount), _skipSpecialTokens);
        var fullText = _tokenizer.Decode(_window, _skipSpecialTokens);
        _window.Clear();
        _emittedCount = 0;
        return fullText.Length > prefixText.Length ? fullText[prefixText.Length..] : string.Empty;
    }
}
