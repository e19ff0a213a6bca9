namespace SparseVila.Engine.Prompting;

/// <summary>Where one frame's visual tokens sit in an assembled prompt.</summary>
/// <param name="StartToken">Position of the first visual token.</param>
/// <param name="Tokens">How many visual tokens follow.</param>
/// <param name="FrameIndex">0-based index in the sampled sequence.</param>
/// <param name="TimestampSeconds">Where in the video the frame was taken.</param>
public sealed record VisualSlot(int StartToken, int Tokens, int FrameIndex, double TimestampSeconds);
