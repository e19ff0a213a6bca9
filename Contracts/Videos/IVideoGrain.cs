namespace SparseVila.Contracts.Videos;

/// <summary>One video of one tenant, keyed <see cref="GrainKeys.For"/>(tenant, video id): its source, its indexing and its visual cache.</summary>
public interface IVideoGrain : IGrainWithStringKey
{
    /// <summary>Records the uploaded source (once; the same source again is a no-op) with status uploaded.</summary>
    Task<VideoInfo> RegisterAsync(VideoSource source);

    /// <summary>Starts indexing in the background and returns at once; a no-op while indexing or once indexed.</summary>
    Task<VideoInfo> StartIndexingAsync(IndexingOptions options);

    /// <summary>The video's status and progress, or null when there is no such video.</summary>
    Task<VideoInfo?> GetInfoAsync();

    /// <summary>Stops an indexing run cleanly (the video goes back to uploaded); a no-op otherwise.</summary>
    Task CancelIndexingAsync();

    /// <summary>Deletes the video's bytes, cache (unless another video of the tenant shares it) and state.</summary>
    Task DeleteAsync();

    /// <summary>Where the video's visual cache is; throws <see cref="Errors.VideoNotReadyException"/> unless it is indexed.</summary>
    Task<VideoIndex> GetIndexAsync();

    /// <summary>
    /// Tells the video that its visual cache made by <paramref name="modelFingerprint"/> cannot be used (a segment or the
    /// manifest is damaged or missing: <paramref name="reason"/>). An indexed video deletes that cache and indexes again
    /// (status indexing); a video that is not indexed, or whose cache is of another model, is left as it is. Returns the video.
    /// </summary>
    Task<VideoInfo> RebuildDamagedCacheAsync(string modelFingerprint, string reason);

    /// <summary>Tells <paramref name="observer"/> of every change from now on (re-subscribe within a few minutes to stay subscribed).</summary>
    Task SubscribeAsync(IVideoObserver observer);

    /// <summary>Stops telling <paramref name="observer"/>.</summary>
    Task UnsubscribeAsync(IVideoObserver observer);
}
