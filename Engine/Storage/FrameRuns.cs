using SparseVila.Engine.Sparse;

namespace SparseVila.Engine.Storage;

/// <summary>The frames of a context's tokens: each frame's positions form one run (marker, visual tokens, separator), after a lead of text of no frame.</summary>
internal static class FrameRuns
{
    /// <summary>One frame's run of positions [FirstToken, EndToken).</summary>
    public readonly record struct Run(int FrameIndex, double TimestampSeconds, int FirstToken, int EndToken, int VisualTokens);

    /// <summary>
    /// The runs of <paramref name="tokens"/>, in order. Throws <see cref="ArgumentException"/> when a frame's positions are not
    /// contiguous, or text of no frame (index −1) follows a frame.
    /// </summary>
    public static IReadOnlyList<Run> Of(IReadOnlyList<ContextToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var runs = new List<Run>();
        var seen = new HashSet<int>();
        for (var position = 0; position < tokens.Count; position++)
        {
            var token = tokens[position];
            if (runs.Count > 0 && runs[^1].FrameIndex == token.FrameIndex)
            {
                var last = runs[^1];
                runs[^1] = last with { EndToken = position + 1, VisualTokens = last.VisualTokens + (token.Kind == ContextTokenKind.Visual ? 1 : 0) };
                continue;
            }

            if (token.FrameIndex < 0 && runs.Count == 0)
            {
                continue;
            }

            if (token.FrameIndex < 0 || !seen.Add(token.FrameIndex))
            {
                throw new ArgumentException(
                    $"Position {position} belongs to frame {token.FrameIndex}, after frame {runs[^1].FrameIndex}'s run; each frame's positions must be contiguous, after text of no frame.",
                    nameof(tokens));
            }

            runs.Add(new Run(token.FrameIndex, token.TimestampSeconds, position, position + 1, token.Kind == ContextTokenKind.Visual ? 1 : 0));
        }

        return runs;
    }
}
