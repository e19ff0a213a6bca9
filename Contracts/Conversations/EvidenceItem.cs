namespace SparseVila.Contracts.Conversations;

/// <summary>A moment the answer drew on: a frame of one of the conversation's videos.</summary>
/// <param name="VideoId">The video.</param>
/// <param name="TimestampSeconds">The frame's time in the video.</param>
/// <param name="Score">The share of the question's attention to the video that went to this frame (0 to 1).</param>
[GenerateSerializer, Immutable]
public sealed record EvidenceItem([property: Id(0)] string VideoId, [property: Id(1)] double TimestampSeconds, [property: Id(2)] double Score);
