namespace SparseVila.Engine.Generation;

/// <summary>
/// One generated token as it streams: its id and the text it released (empty while a character is
/// incomplete or while the text could still become a stop string).
/// </summary>
public sealed record GeneratedToken(int Id, string TextDelta, int Index)
{
    /// <summary>The id of a final record that releases text held back for a stop string that never came.</summary>
    public const int HeldBackTextId = -1;
}

/// <summary>Why generation ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-sequence token.</summary>
    EndOfSequence,

    /// <summary>The text reached a stop string.</summary>
    StopString,

    /// <summary>The token limit was reached.</summary>
    Length,
}

/// <summary>A finished generation.</summary>
public sealed record GenerationResult(string Text, IReadOnlyList<int> TokenIds, FinishReason FinishReason);
