using SparseVila.Contracts.Videos;

namespace SparseVila.Bench.Concurrency;

/// <summary>Awaits a video's indexing through its observer: completes when it is indexed or has failed.</summary>
internal sealed class IndexingWaiter : IVideoObserver
{
    private readonly TaskCompletionSource<VideoInfo> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnChanged(VideoInfo info)
    {
        if (IsSettled(info))
        {
            _settled.TrySetResult(info);
        }
    }

    public static async Task<VideoInfo> UntilSettledAsync(IGrainFactory grains, IVideoGrain video, CancellationToken cancellationToken)
    {
        var waiter = new IndexingWaiter();
        var reference = grains.CreateObjectReference<IVideoObserver>(waiter);
        try
        {
            await video.SubscribeAsync(reference).ConfigureAwait(false);
            if (await video.GetInfoAsync().ConfigureAwait(false) is { } now && IsSettled(now))
            {
                return now;
            }

            return await waiter._settled.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            grains.DeleteObjectReference<IVideoObserver>(reference);

            // Orleans holds observers weakly: without this the waiter could be collected while awaited, its notifications lost.
            GC.KeepAlive(waiter);
        }
    }

    private static bool IsSettled(VideoInfo info) => info.Status is VideoStatus.Indexed or VideoStatus.Failed;
}
