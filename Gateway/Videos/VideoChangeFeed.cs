using System.Threading.Channels;
using SparseVila.Contracts.Videos;

namespace SparseVila.Gateway.Videos;

/// <summary>
/// An <see cref="IVideoObserver"/> that queues what it is told, for one events stream to read. Orleans holds observers
/// weakly: whoever reads the feed keeps it alive (it is a local of the stream's method until the stream ends).
/// </summary>
public sealed class VideoChangeFeed : IVideoObserver
{
    // Only the latest state matters to a reader that falls behind.
    private readonly Channel<VideoInfo> _changes = Channel.CreateBounded<VideoInfo>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<VideoInfo> Changes => _changes.Reader;

    public void OnChanged(VideoInfo info) => _changes.Writer.TryWrite(info);
}
