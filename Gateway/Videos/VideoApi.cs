using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.Problems;
using SparseVila.Gateway.Tenancy;

namespace SparseVila.Gateway.Videos;

/// <summary>The videos API (docs/api.md): upload, list, show, follow, frames, bytes, delete.</summary>
public static class VideoApi
{
    public static RouteGroupBuilder MapVideoApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var videos = api.MapGroup("/videos").WithTags("Videos");
        videos.MapPost("/", UploadAsync).WithName("UploadVideo")
            .WithSummary("Upload a video (raw body video/* or multipart field 'file'); indexing starts unless index=false.")
            // No Accepts(...) metadata: routing would then answer other media types with a bare 415 before the handler's problem.
            .WithDescription("The body is the video (Content-Type video/*), or multipart/form-data with the field 'file'. Streamed to storage, never buffered.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        videos.MapGet("/", ListAsync).WithName("ListVideos").WithSummary("The tenant's videos, newest first, paged.");
        videos.MapGet("/{id}", GetAsync).WithName("GetVideo").WithSummary("A video's status and indexing progress.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        videos.MapGet("/{id}/events", VideoEvents.StreamAsync).WithName("VideoEvents")
            .WithSummary("The video as server-sent events 'video', at every change until indexed or failed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
        videos.MapGet("/{id}/frame", FrameAsync).WithName("GetVideoFrame").WithSummary("A JPEG of the frame displayed at t seconds.")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        videos.MapGet("/{id}/content", ContentAsync).WithName("GetVideoContent").WithSummary("The uploaded bytes; range requests are served.")
            .Produces(StatusCodes.Status200OK, contentType: "video/mp4").ProducesProblem(StatusCodes.Status404NotFound);
        videos.MapPost("/{id}/index", IndexAsync).WithName("IndexVideo")
            .WithSummary("Start indexing a video uploaded with index=false (or whose indexing failed); a no-op while indexing or once indexed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        videos.MapDelete("/{id}", DeleteAsync).WithName("DeleteVideo").WithSummary("Delete a video, its bytes, state and (unless shared) its cache.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Accepted<VideoResponse>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, VideoIngest ingest, IOptions<GatewayOptions> options,
        [FromQuery] string? name = null, [FromQuery] bool index = true)
    {
        var tenant = user.Tenant();
        var info = await UploadBody.ReadAsync(
            request, options.Value.MaxUploadBytes, type => type.StartsWith("video/", StringComparison.OrdinalIgnoreCase), "a video/* body",
            (content, fileName) => ingest.IngestAsync(tenant, content, name ?? fileName ?? "video", index, request.HttpContext.RequestAborted))
            .ConfigureAwait(false);
        var response = VideoResponse.From(info);
        return TypedResults.Accepted(response.Links.Self, response);
    }

    private static async Task<Ok<VideoPageResponse>> ListAsync(
        ClaimsPrincipal user, IGrainFactory grains, [FromQuery] int limit = 50, [FromQuery] string? after = null)
    {
        var tenant = user.Tenant();
        if (limit is < 1 or > Grains.Videos.VideoCatalogGrain.MaxPageSize)
        {
            throw ApiProblemException.BadRequest("Bad limit", $"limit is 1 to {Grains.Videos.VideoCatalogGrain.MaxPageSize}; it was {limit}.");
        }

        var page = await grains.Catalog(tenant).ListAsync(limit, after).ConfigureAwait(false);
        var infos = await Task.WhenAll(page.Entries.Select(e => grains.Video(tenant, e.VideoId).GetInfoAsync())).ConfigureAwait(false);
        // A video deleted between the listing and its lookup is left out.
        return TypedResults.Ok(new VideoPageResponse([.. infos.OfType<Contracts.Videos.VideoInfo>().Select(VideoResponse.From)], page.Next));
    }

    private static async Task<Ok<VideoResponse>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(VideoResponse.From(await grains.VideoInfoAsync(user.Tenant(), id).ConfigureAwait(false)));

    private static async Task<FileContentHttpResult> FrameAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, LocalVideoFiles files, HttpContext context,
        [FromQuery] double? t = null, [FromQuery] int width = FrameExtractor.DefaultWidthPixels)
    {
        var tenant = user.Tenant();
        var info = await grains.VideoInfoAsync(tenant, id).ConfigureAwait(false);
        var seconds = t ?? throw ApiProblemException.BadRequest("Missing time", "Say which frame with ?t=SECONDS.");
        if (!double.IsFinite(seconds) || seconds < 0 || (info.DurationSeconds is { } duration && seconds >= duration))
        {
            var range = info.DurationSeconds is { } d ? $"0 ≤ t < {d.ToString("0.###", CultureInfo.InvariantCulture)}" : "t ≥ 0";
            throw ApiProblemException.BadRequest("Time out of range", $"t is {seconds.ToString(CultureInfo.InvariantCulture)}; this video has frames at {range}.");
        }

        if (width is < FrameExtractor.MinWidthPixels or > FrameExtractor.MaxWidthPixels)
        {
            throw ApiProblemException.BadRequest("Bad width", $"width is {FrameExtractor.MinWidthPixels} to {FrameExtractor.MaxWidthPixels}; it was {width}.");
        }

        var path = await files.GetAsync(tenant, id, context.RequestAborted).ConfigureAwait(false);
        var jpeg = await FrameExtractor.ExtractJpegAsync(path, seconds, width, context.RequestAborted).ConfigureAwait(false);
        // A video's bytes never change under its id: its frames can be cached by the browser.
        context.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(jpeg, "image/jpeg");
    }

    private static async Task<PhysicalFileHttpResult> ContentAsync(string id, ClaimsPrincipal user, IGrainFactory grains, LocalVideoFiles files, HttpContext context)
    {
        var tenant = user.Tenant();
        var info = await grains.VideoInfoAsync(tenant, id).ConfigureAwait(false);
        var path = await files.GetAsync(tenant, id, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.PhysicalFile(path, info.ContentType, enableRangeProcessing: true);
    }

    private static async Task<Accepted<VideoResponse>> IndexAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var info = await grains.Video(user.Tenant(), id).StartIndexingAsync(Contracts.Videos.IndexingOptions.Default).ConfigureAwait(false);
        var response = VideoResponse.From(info);
        return TypedResults.Accepted(response.Links.Self, response);
    }

    private static async Task<NoContent> DeleteAsync(string id, ClaimsPrincipal user, IGrainFactory grains, LocalVideoFiles files)
    {
        var tenant = user.Tenant();
        await grains.Video(tenant, id).DeleteAsync().ConfigureAwait(false);
        files.Forget(tenant, id);
        return TypedResults.NoContent();
    }
}
