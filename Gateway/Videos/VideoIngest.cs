using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Contracts.Videos;
using VideoProbe = SparseVila.Engine.Video.VideoProbe;
using VideoDecodeException = SparseVila.Engine.Video.VideoDecodeException;
using VideoDecodeError = SparseVila.Engine.Video.VideoDecodeError;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.Problems;
using SparseVila.Grains.Storage;

namespace SparseVila.Gateway.Videos;

/// <summary>
/// Turns an uploaded stream into a stored, registered video: spool (hash, count, limit), check it is a decodable video,
/// write it to the blob store, register the video grain, and start indexing. A refused upload leaves nothing stored.
/// </summary>
public sealed partial class VideoIngest(
    IBlobStore blobs, IGrainFactory grains, LocalVideoFiles localFiles, IOptions<GatewayOptions> options, TimeProvider clock,
    ILogger<VideoIngest> logger)
{
    /// <summary>The longest video name kept; longer names are cut.</summary>
    public const int MaxNameChars = 200;

    /// <summary>Stores <paramref name="content"/> as a new video of <paramref name="tenant"/> named <paramref name="name"/>.</summary>
    public async Task<VideoInfo> IngestAsync(TenantId tenant, Stream content, string name, bool index, CancellationToken cancellationToken)
    {
        using var spooled = await UploadSpool.CopyAsync(content, options.Value.EffectiveScratchPath, options.Value.MaxUploadBytes, cancellationToken)
            .ConfigureAwait(false);
        return await IngestSpooledAsync(tenant, spooled, name, index, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="IngestAsync"/>, for an upload already spooled (an archive's entry). The spooled file is taken over.</summary>
    public async Task<VideoInfo> IngestSpooledAsync(TenantId tenant, SpooledUpload spooled, string name, bool index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spooled);
        name = CleanName(name);
        var durationSeconds = await CheckDecodableAsync(spooled.Path, name, cancellationToken).ConfigureAwait(false);
        var contentType = VideoMediaTypes.Sniff(spooled.Path) ?? VideoSource.UnknownContentType;

        var id = GrainKeys.NewId();
        var blobName = UploadBlobNames.For(tenant, id);
        var file = File.OpenRead(spooled.Path);
        await using (file.ConfigureAwait(false))
        {
            await blobs.WriteAsync(blobName, file, BlobCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        }

        var video = grains.GetGrain<IVideoGrain>(GrainKeys.For(tenant, id));
        VideoInfo info;
        try
        {
            // From here the upload is the service's: a client that goes away does not undo it.
            info = await video.RegisterAsync(new VideoSource(tenant, name, blobName, spooled.ContentHash, spooled.LengthBytes, contentType, clock.GetUtcNow(), durationSeconds))
                .ConfigureAwait(false);
        }
        catch
        {
            await blobs.DeleteAsync(blobName, BlobCondition.None, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (index)
        {
            info = await video.StartIndexingAsync(IndexingOptions.Default).ConfigureAwait(false);
        }

        LogStored(tenant.Value, id, name, spooled.LengthBytes, index);
        localFiles.Adopt(tenant, id, spooled.Path);
        return info;
    }

    /// <summary>A name fit to show: no control characters, trimmed, at most <see cref="MaxNameChars"/>; "video" when nothing is left.</summary>
    public static string CleanName(string? name)
    {
        var clean = new string((name ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "video" : clean.Length <= MaxNameChars ? clean : clean[..MaxNameChars];
    }

    /// <summary>Probes the file and decodes its first frame, returning its duration; throws a 422 problem when either fails.</summary>
    private static async Task<double> CheckDecodableAsync(string path, string name, CancellationToken cancellationToken)
    {
        double durationSeconds;
        try
        {
            durationSeconds = (await VideoProbe.ProbeAsync(path, cancellationToken).ConfigureAwait(false)).DurationSeconds;
        }
        catch (VideoDecodeException e)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not a decodable video",
                $"'{name}' is not a video the service can decode: {Reason(e)}", e);
        }

        try
        {
            _ = await FrameExtractor.ExtractJpegAsync(path, 0, FrameExtractor.MinWidthPixels, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiProblemException e)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not a decodable video",
                $"'{name}' has a video stream, but its first frame cannot be decoded: {e.Message}", e);
        }

        return durationSeconds;
    }

    /// <summary>The probe's reason without the spool file's name (a server path is nobody's business).</summary>
    private static string Reason(VideoDecodeException e) => e.Reason switch
    {
        VideoDecodeError.Empty => "it is empty.",
        VideoDecodeError.NoVideoStream => "it has no video stream.",
        _ => "it is not a readable video file.",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored video {VideoId} of {Tenant} ('{Name}', {LengthBytes} bytes, indexing: {Index})")]
    private partial void LogStored(string tenant, string videoId, string name, long lengthBytes, bool index);
}
