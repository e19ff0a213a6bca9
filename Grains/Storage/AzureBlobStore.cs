using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SparseVila.Grains.Storage;

/// <summary>
/// Blobs in one Azure Blob Storage container (Azurite in development and tests). The container is
/// created once, lazily, by the first operation that needs it.
/// </summary>
/// <remarks>
/// Conditions are sent to the service (<c>If-None-Match: *</c>, <c>If-Match</c>), which checks them
/// atomically with the write; its 409 and 412 answers become <see cref="BlobConditionFailedException"/>.
/// Writes stream in blocks of <see cref="TransferBlockBytes"/>, committed together at the end, so at
/// most <see cref="TransferConcurrency"/> blocks are in memory and readers never see a partial blob.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>The upload block size (and the largest upload sent in one request).</summary>
    public const int TransferBlockBytes = 4 * 1024 * 1024;

    /// <summary>Blocks uploaded at once.</summary>
    public const int TransferConcurrency = 4;

    private readonly BlobContainerClient _container;
    private readonly Lock _containerGate = new();
    private Task? _containerCreated;

    /// <summary>A store over the configured account and container.</summary>
    public AzureBlobStore(AzureBlobStoreOptions options)
        : this(new BlobServiceClient((options ?? throw new ArgumentNullException(nameof(options))).ConnectionString)
            .GetBlobContainerClient(options.ContainerName))
    {
    }

    /// <summary>A store over <paramref name="container"/>.</summary>
    public AzureBlobStore(BlobContainerClient container) => _container = container ?? throw new ArgumentNullException(nameof(container));

    /// <summary>The container's name.</summary>
    public string ContainerName => _container.Name;

    /// <inheritdoc />
    public async Task<OpenedBlob> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One streamed GET: the SDK resumes a broken download with If-Match on the same ETag, so the
            // content stays that of the version whose ETag is returned.
            var download = await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var details = download.Value.Details;
            return new OpenedBlob(download.Value.Content, FormatETag(details.ETag), details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(name, e);
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string name, Stream content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            Conditions = ToRequestConditions(condition),
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = TransferBlockBytes,
                MaximumTransferSize = TransferBlockBytes,
                MaximumConcurrency = TransferConcurrency,
            },
        };
        try
        {
            var response = await _container.GetBlobClient(name).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            return FormatETag(response.Value.ETag);
        }
        catch (RequestFailedException e) when (IsConditionFailure(e, condition))
        {
            throw new BlobConditionFailedException(name, condition, e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(name);
        if (condition.Kind == BlobConditionKind.IfNoneMatchAny)
        {
            // "Delete if there is none" deletes nothing: it only asks whether a blob exists.
            var exists = await blob.ExistsAsync(cancellationToken).ConfigureAwait(false);
            return exists.Value ? throw new BlobConditionFailedException(name, condition) : false;
        }

        try
        {
            var deleted = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, ToRequestConditions(condition), cancellationToken)
                .ConfigureAwait(false);
            return deleted.Value || condition.Kind != BlobConditionKind.IfMatch
                ? deleted.Value
                : throw new BlobConditionFailedException(name, condition);
        }
        catch (RequestFailedException e) when (IsConditionFailure(e, condition))
        {
            throw new BlobConditionFailedException(name, condition, e);
        }
    }

    /// <inheritdoc />
    public async Task<BlobItemInfo?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var properties = await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BlobItemInfo(name, properties.Value.ContentLength, FormatETag(properties.Value.ETag), properties.Value.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix, allowEmpty: true);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var pages = _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, cancellationToken);
        await foreach (var blob in pages.ConfigureAwait(false))
        {
            // Probe blobs (and anything else not named by the rules) are not the caller's.
            if (BlobNames.IsValid(blob.Name))
            {
                yield return new BlobItemInfo(
                    blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.ETag is { } eTag ? FormatETag(eTag) : string.Empty,
                    blob.Properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix, allowEmpty: false);
        var deleted = 0;
        await foreach (var blob in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (await DeleteAsync(blob.Name, BlobCondition.None, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <inheritdoc />
    public async Task<string?> CheckWritableAsync(CancellationToken cancellationToken = default)
    {
        var probeBytes = "sparsevila readiness probe"u8.ToArray();
        var probe = _container.GetBlobClient($".probe-{Guid.NewGuid():N}");
        try
        {
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            await probe.UploadAsync(new BinaryData(probeBytes), cancellationToken).ConfigureAwait(false);
            var readBack = await probe.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return readBack.Value.Content.ToMemory().Span.SequenceEqual(probeBytes)
                ? null
                : $"The blob container '{ContainerName}' returned different bytes than were written.";
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or IOException)
        {
            return $"The blob container '{ContainerName}' at {_container.Uri.GetLeftPart(UriPartial.Authority)} is not writable: {e.Message}";
        }
        finally
        {
            await TryDeleteProbeAsync(probe).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The header form (quoted): the service returns ETags quoted from writes and unquoted in listings,
    /// and callers compare them as strings.
    /// </summary>
    private static string FormatETag(ETag eTag) => eTag.ToString("H");

    private static BlobRequestConditions? ToRequestConditions(BlobCondition condition) => condition.Kind switch
    {
        BlobConditionKind.None => null,
        BlobConditionKind.IfNoneMatchAny => new BlobRequestConditions { IfNoneMatch = ETag.All },
        BlobConditionKind.IfMatch => new BlobRequestConditions { IfMatch = new ETag(condition.ETag!) },
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown condition kind."),
    };

    /// <summary>
    /// 409 (the blob exists) and 412 (the ETag differs) are failed conditions; so is 404 for If-Match (the
    /// blob it names is gone), but not a missing container, which is an error of its own.
    /// </summary>
    private static bool IsConditionFailure(RequestFailedException e, BlobCondition condition) =>
        condition.Kind != BlobConditionKind.None
        && (e.Status is 409 or 412
            || (e.Status == 404 && condition.Kind == BlobConditionKind.IfMatch && e.ErrorCode != BlobErrorCode.ContainerNotFound));

    /// <summary>
    /// Creates the container once. Concurrent first callers share one creation; a failed creation is
    /// tried again by the next caller. The creation runs without the caller's token, so one caller's
    /// cancellation does not fail the others.
    /// </summary>
    private Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_containerGate)
        {
            if (_containerCreated is null || _containerCreated.IsFaulted || _containerCreated.IsCanceled)
            {
                _containerCreated = _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }

            creation = _containerCreated;
        }

        return creation.WaitAsync(cancellationToken);
    }

    private static async Task TryDeleteProbeAsync(BlobClient probe)
    {
        try
        {
            await probe.DeleteIfExistsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or IOException)
        {
            // The probe already failed or the account is unreachable; the readiness answer says so.
        }
    }
}
