using System.Text;

namespace SparseVila.Engine.Generation;

/// <summary>Where stop strings stand in a growing answer.</summary>
internal static class StopStrings
{
    /// <summary>Where the first stop string starts in <paramref name="text"/>, or −1; only text not yet emitted can hold a new one.</summary>
    public static int IndexOfFirst(StringBuilder text, IReadOnlyList<string> stops, int emittedChars)
    {
        var best = -1;
        var current = text.ToString();
        foreach (var stop in stops.Where(s => s.Length > 0))
        {
            var from = Math.Max(0, emittedChars - stop.Length + 1);
            var at = current.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }

    /// <summary>The longest tail of <paramref name="text"/> that is a proper prefix of some stop string.</summary>
    public static int LongestPrefixAtEnd(StringBuilder text, IReadOnlyList<string> stops)
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (EndsWith(text, stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private static bool EndsWith(StringBuilder text, ReadOnlySpan<char> suffix)
    {
        if (text.Length < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (text[text.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }
}
