using SparseVila.Engine.Sparse;

namespace SparseVila.Grains.Videos;

/// <summary>What an indexing run reports as it goes (the video grain persists each step before the run goes on).</summary>
public interface IIndexingProgress
{
    /// <summary>The model that indexes and the source's length are known.</summary>
    Task OnStartedAsync(string modelFingerprint, double durationSeconds, int framesTotal);

    /// <summary>The committed segments could not be used (damaged, or of another model): the run starts again from the first frame.</summary>
    Task OnRestartedAsync(string reason);

    /// <summary>A segment is in the store; <paramref name="stats"/> counts every frame indexed so far.</summary>
    Task OnSegmentCommittedAsync(CommittedSegment segment, VisualContextStats stats);
}
