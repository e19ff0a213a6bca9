using SparseVila.Engine.Sparse;

namespace SparseVila.Engine.Storage;

/// <summary>One frame of a cached context: where its positions (timestamp marker, visual tokens, separator) lie.</summary>
/// <param name="FrameIndex">The sampled frame.</param>
/// <param name="TimestampSeconds">The frame's time in the video.</param>
/// <param name="FirstToken">The frame's first position.</param>
/// <param name="Tokens">The frame's positions, text and visual.</param>
/// <param name="VisualTokens">The frame's visual tokens kept.</param>
public sealed record KvManifestFrame(int FrameIndex, double TimestampSeconds, int FirstToken, int Tokens, int VisualTokens)
{
    /// <summary>The frames of <paramref name="tokens"/>, in order; throws <see cref="ArgumentException"/> when a frame's positions are not contiguous.</summary>
    public static IReadOnlyList<KvManifestFrame> Map(IReadOnlyList<ContextToken> tokens) =>
        [.. FrameRuns.Of(tokens).Select(run => new KvManifestFrame(run.FrameIndex, run.TimestampSeconds, run.FirstToken, run.EndToken - run.FirstToken, run.VisualTokens))];
}
