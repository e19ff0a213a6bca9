using System.Text.RegularExpressions;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Cuts text into added tokens and the plain segments between them, taking at each position the
/// longest added token that starts there (Hugging Face's leftmost-longest matching).
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<string, AddedToken> _byContent;
    private readonly Regex? _pattern;

    /// <summary>Creates the matcher; tokens with empty content are never matched.</summary>
    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byContent = tokens.Where(t => t.Content.Length > 0).ToDictionary(t => t.Content, StringComparer.Ordinal);
        if (_byContent.Count > 0)
        {
            // Alternatives are tried in order, so listing longer contents first gives the longest match.
            var alternatives = _byContent.Keys.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).Select(Regex.Escape);
            _pattern = new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant);
        }
    }

    /// <summary>The pieces of <paramref name="text"/> in order; a piece is an added token or a non-empty plain segment.</summary>
    public IReadOnlyList<TextPiece> Split(string text)
    {
        var pieces = new List<TextPiece>();
        var cursor = 0;
        for (var match = _pattern?.Match(text); match is { Success: true }; match = _pattern!.Match(text, cursor))
        {
            var token = _byContent[match.Value];
            var start = match.Index;
            var end = match.Index + match.Length;
            while (token.LeftStrip && start > cursor && char.IsWhiteSpace(text[start - 1]))
            {
                start--;
            }

            while (token.RightStrip && end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            if (start > cursor)
            {
                pieces.Add(new TextPiece(cursor, start - cursor, null));
            }

            pieces.Add(new TextPiece(start, end - start, token));
            cursor = end;
        }

        if (cursor < text.Length)
        {
            pieces.Add(new TextPiece(cursor, text.Length - cursor, null));
        }

        return pieces;
    }
}
