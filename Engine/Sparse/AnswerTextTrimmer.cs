namespace SparseVila.Engine.Sparse;

/// <summary>
/// Makes a streamed answer's text deltas add up to the answer's text, which is the generated text with the whitespace
/// around it trimmed: whitespace before the first other character is dropped, and whitespace after one is held back until
/// another follows it (at the end it is dropped). Without it a client printing the stream showed " red" where the
/// answer was "red".
/// </summary>
internal sealed class AnswerTextTrimmer
{
    private string _held = string.Empty;
    private bool _started;

    /// <summary>The part of the next generated <paramref name="delta"/> to stream now (possibly empty).</summary>
    public string Next(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var text = _started ? _held + delta : delta.TrimStart();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        _started = true;
        var kept = text.TrimEnd();
        _held = text[kept.Length..];
        return kept;
    }
}
