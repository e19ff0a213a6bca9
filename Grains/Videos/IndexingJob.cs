using SparseVila.Contracts.Videos;
using SparseVila.Engine.Sparse;

namespace SparseVila.Grains.Videos;

/// <summary>One indexing run of a video: what to index, how, and what an earlier run already committed.</summary>
/// <param name="VideoId">The video (its cache reference is filed under it).</param>
/// <param name="Source">The uploaded bytes.</param>
/// <param name="Options">Keep ratio and codec.</param>
/// <param name="Committed">Segments an interrupted run committed, in order from the first; empty to start afresh.</param>
/// <param name="CommittedStats">The counts of those segments' frames (null when none).</param>
/// <param name="CommittedModelFingerprint">The model those segments are of (a run with another model starts afresh).</param>
public sealed record IndexingJob(
    string VideoId, VideoSource Source, IndexingOptions Options, IReadOnlyList<CommittedSegment> Committed, VisualContextStats? CommittedStats, string? CommittedModelFingerprint);
