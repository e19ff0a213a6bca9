namespace SparseVila.Contracts.Videos;

/// <summary>
/// Told each time a video's status or progress changes (frames done, a segment committed, indexed, failed). The Gateway
/// relays it as server-sent events. Observers are held for a limited time: subscribe again periodically.
/// </summary>
public interface IVideoObserver : IGrainObserver
{
    /// <summary>The video as it is now.</summary>
    void OnChanged(VideoInfo info);
}
