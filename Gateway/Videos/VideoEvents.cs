using System.Security.Claims;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SparseVila.Contracts.Videos;
using SparseVila.Gateway.Problems;
using SparseVila.Gateway.ServerSentEvents;
using SparseVila.Gateway.Tenancy;

namespace SparseVila.Gateway.Videos;

/// <summary>
/// <c>GET /api/videos/{id}/events</c>: the video now, then at every change, as server-sent events <c>video</c>, until it
/// is indexed or failed. Relays the video grain's observer notifications. Each quiet interval it also subscribes again and
/// reads the video: that keeps the subscription from expiring, and when the grain's silo has died (its notifications
/// stop without a word) the read activates the video elsewhere, which resumes its indexing, and the stream goes on.
/// </summary>
public static class VideoEvents
{
    /// <summary>How often a comment line is sent while nothing changes.</summary>
    public static TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string id, ClaimsPrincipal user, IGrainFactory grains, IOptions<JsonOptions> json, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(context);
        var video = grains.Video(user.Tenant(), id);
        var feed = new VideoChangeFeed();
        var reference = grains.CreateObjectReference<IVideoObserver>(feed);
        try
        {
            // Subscribe first, then read: a change between the two is not missed.
            await video.SubscribeAsync(reference).ConfigureAwait(false);
            var info = await video.GetInfoAsync().ConfigureAwait(false) ?? throw ApiProblemException.NotFound("video", id);
            var events = await ServerSentEventWriter.StartAsync(context, json.Value.SerializerOptions).ConfigureAwait(false);
            var aborted = context.RequestAborted;
            await events.WriteEventAsync("video", VideoResponse.From(info), aborted).ConfigureAwait(false);
            while (info.Status is not (VideoStatus.Indexed or VideoStatus.Failed))
            {
                var next = await NextAsync(feed, events, aborted).ConfigureAwait(false);
                if (next is null)
                {
                    // Quiet: renew the subscription and look for ourselves.
                    await video.SubscribeAsync(reference).ConfigureAwait(false);
                    next = await video.GetInfoAsync().ConfigureAwait(false);
                    if (next is null)
                    {
                        // Deleted meanwhile: it will not change again.
                        return;
                    }
                }

                if (next != info)
                {
                    info = next;
                    await events.WriteEventAsync("video", VideoResponse.From(info), aborted).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            await video.UnsubscribeAsync(reference).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            grains.DeleteObjectReference<IVideoObserver>(reference);
            GC.KeepAlive(feed);
        }
    }

    /// <summary>The next change, or null after writing a keep-alive comment when none came within the interval.</summary>
    private static async Task<VideoInfo?> NextAsync(VideoChangeFeed feed, ServerSentEventWriter events, CancellationToken aborted)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(KeepAliveInterval);
        try
        {
            return await feed.Changes.ReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            await events.WriteKeepAliveAsync(aborted).ConfigureAwait(false);
            return null;
        }
    }
}
