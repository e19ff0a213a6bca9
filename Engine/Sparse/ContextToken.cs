namespace SparseVila.Engine.Sparse;

/// <summary>What sits at one position of a visual context.</summary>
public enum ContextTokenKind
{
    /// <summary>Prompt text: the system prompt, the turn opening, a timestamp marker or a separator.</summary>
    Text,

    /// <summary>A visual token kept by query-agnostic pruning.</summary>
    Visual,
}

/// <summary>One position of a visual context: its kind and, for visual tokens, where it came from.</summary>
/// <param name="Kind">Text or visual.</param>
/// <param name="FrameIndex">The sampled frame (−1 for text before the first frame).</param>
/// <param name="TimestampSeconds">The frame's time in the video (−1 for text before the first frame).</param>
/// <param name="PatchIndex">The token's index among the frame's visual tokens (−1 for text).</param>
public readonly record struct ContextToken(ContextTokenKind Kind, int FrameIndex, double TimestampSeconds, int PatchIndex)
{
    /// <summary>A text position belonging to <paramref name="frameIndex"/> (or none, −1).</summary>
    public static ContextToken TextOf(int frameIndex, double timestampSeconds) => new(ContextTokenKind.Text, frameIndex, timestampSeconds, -1);
}
