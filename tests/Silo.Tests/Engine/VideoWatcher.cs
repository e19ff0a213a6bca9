using Orleans.TestingHost;
using SparseVila.Contracts.Videos;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>An <see cref="IVideoObserver"/> a test can await: the first change that meets a condition.</summary>
internal sealed class VideoWatcher : IVideoObserver
{
    private readonly List<(Func<VideoInfo, bool> Condition, TaskCompletionSource<VideoInfo> Reached)> _waits = [];
    private readonly Lock _lock = new();

    public void OnChanged(VideoInfo info)
    {
        lock (_lock)
        {
            foreach (var (condition, reached) in _waits.Where(w => w.Condition(info)))
            {
                reached.TrySetResult(info);
            }
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="video"/> and completes with its info once <paramref name="condition"/> holds (at once if
    /// it already does). Fails after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<VideoInfo> UntilAsync(TestCluster cluster, IVideoGrain video, Func<VideoInfo, bool> condition, TimeSpan timeout)
    {
        var watcher = new VideoWatcher();
        var reached = new TaskCompletionSource<VideoInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (watcher._lock)
        {
            watcher._waits.Add((condition, reached));
        }

        var reference = cluster.Client.CreateObjectReference<IVideoObserver>(watcher);
        try
        {
            await video.SubscribeAsync(reference);
            if (await video.GetInfoAsync() is { } now && condition(now))
            {
                return now;
            }

            return await reached.Task.WaitAsync(timeout);
        }
        finally
        {
            cluster.Client.DeleteObjectReference<IVideoObserver>(reference);

            // Orleans holds observers weakly: without this the watcher could be collected while awaited, its notifications lost.
            GC.KeepAlive(watcher);
        }
    }
}
