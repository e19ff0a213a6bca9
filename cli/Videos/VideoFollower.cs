using SparseVila.Cli.Http;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Videos;

/// <summary>
/// Follows a video's indexing through its event stream (<c>GET /api/videos/{id}/events</c>) until it is indexed or
/// failed, showing progress on a line. A stream that ends early is opened again (it starts with the video as it is
/// now, so nothing is missed), a few times at most without news.
/// </summary>
public static class VideoFollower
{
    private const int MaxReconnectsWithoutNews = 3;

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The video's outcome: indexed (0), failed or not being indexed (4), not found (3), or where it stood when
    /// <paramref name="deadline"/> ran out (7).
    /// </summary>
    public static async Task<VideoOutcome> FollowAsync(ApiClient api, string id, string name, IProgressLine line, Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(deadline);
        Video? last = null;
        var indexing = false;
        var reconnects = 0;
        try
        {
            while (true)
            {
                var news = false;
                await foreach (var video in api.FollowVideoAsync(id, deadline.Token).ConfigureAwait(false))
                {
                    news = true;
                    if (last is null && video.Name != name)
                    {
                        line.Rename(video.Name);
                    }

                    last = video;
                    switch (video.Status)
                    {
                        case VideoStatuses.Indexed:
                            line.Finish(VideoStatuses.Indexed, succeeded: true);
                            return VideoOutcome.Of(video);
                        case VideoStatuses.Failed:
                            line.Finish(VideoStatuses.Failed, succeeded: false);
                            return VideoOutcome.Of(video);
                        case VideoStatuses.Uploaded:
                            // Uploaded with index=false: nothing will index it, so there is nothing to wait for.
                            line.Finish("not indexing", succeeded: false);
                            return new VideoOutcome(video.Id, video.Name, video.Status, "not being indexed (uploaded with --no-index)", ExitCodes.Refused);
                        default:
                            if (!indexing)
                            {
                                line.Stage(VideoStatuses.Indexing);
                                indexing = true;
                            }

                            Report(line, video.Progress);
                            break;
                    }
                }

                reconnects = news ? 0 : reconnects + 1;
                if (reconnects > MaxReconnectsWithoutNews)
                {
                    throw new ApiException(0, "Event stream closed",
                        $"The Gateway closed the events of video {id} {reconnects} times without news before it was indexed.");
                }

                await Task.Delay(ReconnectDelay, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (ApiException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            line.Finish("not found", succeeded: false);
            return new VideoOutcome(id, last?.Name ?? name, "not found", e.Describe(), ExitCodes.NotFound);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            line.Finish("timed out", succeeded: false);
            var limit = Units.Number(deadline.Seconds ?? 0, "0.###");
            return new VideoOutcome(id, last?.Name ?? name, last?.Status ?? "unknown", $"timed out after {limit} s", ExitCodes.Timeout);
        }
    }

    private static void Report(IProgressLine line, VideoProgress? progress)
    {
        if (progress is null)
        {
            return;
        }

        var detail = progress.FramesTotal > 0 ? $"{Units.Number(progress.FramesDone)}/{Units.Number(progress.FramesTotal)} frames" : string.Empty;
        line.Report(progress.Fraction, detail);
    }
}
