using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Splits text into words for BPE with a chain of regular expressions, each applied to the pieces
/// the previous one left: matches and the gaps between them both become pieces (Hugging Face's
/// <c>Split</c> with behaviour <c>Isolated</c>). No expressions: the whole text is one piece.
/// </summary>
internal sealed class IsolatingRegexPreTokenizer(IReadOnlyList<Regex> stages) : PreTokenizer
{
    /// <summary>The expressions, applied in order.</summary>
    public IReadOnlyList<Regex> Stages { get; } = stages;

    /// <inheritdoc/>
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<(int Offset, int Length)> pieces = text.Length == 0 ? [] : [(0, text.Length)];
        foreach (var stage in Stages)
        {
            var next = new List<(int Offset, int Length)>(pieces.Count * 2);
            foreach (var piece in pieces)
            {
                Isolate(stage, text.AsSpan(piece.Offset, piece.Length), piece.Offset, next);
            }

            pieces = next;
        }

        return pieces;
    }

    /// <inheritdoc/>
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => PreTokenize(text.ToString());

    private static void Isolate(Regex stage, ReadOnlySpan<char> piece, int pieceOffset, List<(int Offset, int Length)> into)
    {
        var cursor = 0;
        foreach (var match in stage.EnumerateMatches(piece))
        {
            if (match.Length == 0)
            {
                continue;
            }

            if (match.Index > cursor)
            {
                into.Add((pieceOffset + cursor, match.Index - cursor));
            }

            into.Add((pieceOffset + match.Index, match.Length));
            cursor = match.Index + match.Length;
        }

        if (cursor < piece.Length)
        {
            into.Add((pieceOffset + cursor, piece.Length - cursor));
        }
    }
}
