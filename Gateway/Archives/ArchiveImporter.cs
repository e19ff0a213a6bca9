using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.Problems;
using SparseVila.Gateway.Videos;
using SparseVila.Grains.Storage;

namespace SparseVila.Gateway.Archives;

/// <summary>
/// Makes a video of every video entry of a tar (plain or gzip, read as it streams) or zip (spooled first), and reports
/// the entries it skipped and why. Each entry is spooled and checked like a single upload; nothing is ever written under
/// an entry's own path. The report is stored so that <c>GET /api/archives/{id}</c> can give it again.
/// </summary>
public sealed partial class ArchiveImporter(
    VideoIngest ingest, IBlobStore blobs, IOptions<GatewayOptions> options, IOptions<JsonOptions> json, ILogger<ArchiveImporter> logger)
{
    /// <summary>The most entries read from one archive; later ones are reported as skipped.</summary>
    public const int MaxEntries = 10_000;

    private GatewayOptions Limits => options.Value;

    public async Task<ArchiveImportResponse> ImportAsync(TenantId tenant, Stream body, bool index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var head = new byte[ArchiveFormats.SniffBytes];
        var headLength = await body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (headLength == 0)
        {
            throw ApiProblemException.BadRequest("Empty upload", "The archive has no bytes.");
        }

        var format = ArchiveFormats.Sniff(head.AsSpan(0, headLength));
        var limited = new LimitedReadStream(head.AsMemory(0, headLength), body, Limits.MaxArchiveBytes);
        var id = GrainKeys.NewId();
        var (videos, skipped) = (new List<ArchiveVideo>(), new List<SkippedEntry>());
        switch (format)
        {
            case ArchiveFormat.Tar:
                await ImportEntriesAsync(tenant, ArchiveReaders.ReadTarAsync(limited, cancellationToken), index, videos, skipped, cancellationToken).ConfigureAwait(false);
                break;
            case ArchiveFormat.GzipTar:
                var gunzip = new GZipStream(limited, CompressionMode.Decompress);
                await using (gunzip.ConfigureAwait(false))
                {
                    await ImportEntriesAsync(tenant, ArchiveReaders.ReadTarAsync(gunzip, cancellationToken), index, videos, skipped, cancellationToken).ConfigureAwait(false);
                }

                break;
            case ArchiveFormat.Zip:
                using (var spooled = await UploadSpool.CopyAsync(limited, Limits.EffectiveScratchPath, Limits.MaxArchiveBytes, cancellationToken).ConfigureAwait(false))
                {
                    await ImportEntriesAsync(tenant, ArchiveReaders.ReadZipAsync(spooled.Path, cancellationToken), index, videos, skipped, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not an archive",
                    "The body is not a tar, gzip-compressed tar or zip archive.");
        }

        var response = new ArchiveImportResponse(id, videos, skipped);
        using (var report = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions)))
        {
            await blobs.WriteAsync(ReportBlobName(tenant, id), report, BlobCondition.IfNotExists, CancellationToken.None).ConfigureAwait(false);
        }

        LogImported(tenant.Value, id, videos.Count, skipped.Count);
        return response;
    }

    /// <summary>The stored report of archive <paramref name="id"/>; a 404 problem when the tenant has none.</summary>
    public async Task<ArchiveImportResponse> GetAsync(TenantId tenant, string id, CancellationToken cancellationToken)
    {
        try
        {
            _ = GrainKeys.For(tenant, id);
            var opened = await blobs.OpenReadAsync(ReportBlobName(tenant, id), cancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync<ArchiveImportResponse>(opened.Content, json.Value.SerializerOptions, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"The report of archive '{id}' is empty.");
            }
        }
        catch (Exception e) when (e is FormatException or BlobNotFoundException)
        {
            throw ApiProblemException.NotFound("archive", id);
        }
    }

    private static string ReportBlobName(TenantId tenant, string id) => $"{tenant.Value}/archives/{id}.json";

    private async Task ImportEntriesAsync(
        TenantId tenant, IAsyncEnumerable<ArchiveEntry> entries, bool index, List<ArchiveVideo> videos, List<SkippedEntry> skipped, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await foreach (var entry in entries.ConfigureAwait(false))
            {
                if (entry.Kind == ArchiveEntryKind.Directory)
                {
                    continue;
                }

                if (++count > MaxEntries)
                {
                    skipped.Add(new SkippedEntry(entry.Path, $"the archive has more than {MaxEntries} entries"));
                    continue;
                }

                if (await ImportEntryAsync(tenant, entry, index, cancellationToken).ConfigureAwait(false) is { } video)
                {
                    videos.Add(video);
                }
                else
                {
                    skipped.Add(new SkippedEntry(entry.Path, SkipReason(entry) ?? "not a decodable video"));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            // The entries before the damage are kept; the rest cannot be read.
            skipped.Add(new SkippedEntry("(rest of archive)", $"the archive is damaged: {e.Message}"));
        }
    }

    /// <summary>Why <paramref name="entry"/> is skipped before its bytes are read, or null when they are worth reading.</summary>
    private string? SkipReason(ArchiveEntry entry) =>
        ArchiveEntryNames.Problem(entry.Path)
        ?? entry.Kind switch
        {
            ArchiveEntryKind.Link => "links are not followed",
            ArchiveEntryKind.Special => "not a regular file",
            _ when entry.LengthBytes > Limits.MaxUploadBytes => $"larger than the upload limit ({Limits.MaxUploadBytes:N0} bytes)",
            _ when entry.LengthBytes == 0 => "empty",
            _ => null,
        };

    /// <summary>The video <paramref name="entry"/> became, or null when it was skipped (its reason is <see cref="SkipReason"/>, else not a video).</summary>
    private async Task<ArchiveVideo?> ImportEntryAsync(TenantId tenant, ArchiveEntry entry, bool index, CancellationToken cancellationToken)
    {
        if (SkipReason(entry) is not null || entry.Data is null)
        {
            return null;
        }

        var name = ArchiveEntryNames.DisplayName(entry.Path);
        using var spooled = await UploadSpool.CopyAsync(entry.Data, Limits.EffectiveScratchPath, Limits.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            var info = await ingest.IngestSpooledAsync(tenant, spooled, name, index, cancellationToken).ConfigureAwait(false);
            return new ArchiveVideo(info.Id, info.Name);
        }
        catch (ApiProblemException e) when (e.StatusCode == StatusCodes.Status422UnprocessableEntity)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported archive {ArchiveId} of {Tenant}: {Videos} videos, {Skipped} entries skipped")]
    private partial void LogImported(string tenant, string archiveId, int videos, int skipped);
}
