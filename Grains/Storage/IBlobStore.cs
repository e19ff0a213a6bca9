namespace SparseVila.Grains.Storage;

/// <summary>
/// Named blobs with ETags: uploads, visual KV caches and grain state. Two implementations with one
/// contract (tested by one suite): <see cref="FileSystemBlobStore"/> (the single-machine default) and
/// <see cref="AzureBlobStore"/>. Contents always travel as streams, so a video's cache is never held
/// in memory whole.
/// </summary>
/// <remarks>
/// Names follow <see cref="BlobNames"/>: every resource belongs to a tenant and callers put the tenant
/// first (<c>{tenant}/videos/{id}/seg-00000.kv</c>). A name that breaks the rules is an
/// <see cref="ArgumentException"/> from every method. Each method is safe to call concurrently,
/// including for the same name; conditional writes and deletes are atomic with their check.
/// </remarks>
public interface IBlobStore
{
    /// <summary>
    /// Opens <paramref name="name"/> for reading. The content is streamed from the store; dispose the
    /// result to release it. The ETag and length are those of the version being read, even when the
    /// blob is replaced while it is read.
    /// </summary>
    /// <exception cref="BlobNotFoundException">There is no blob of that name.</exception>
    Task<OpenedBlob> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams <paramref name="content"/> (read to its end, seekable or not) into <paramref name="name"/>
    /// when <paramref name="condition"/> holds, and returns the new ETag. Readers never see a partly
    /// written blob: until the write completes they see the previous version; if it fails they keep it.
    /// </summary>
    /// <exception cref="BlobConditionFailedException">The condition did not hold; nothing was changed.</exception>
    Task<string> WriteAsync(string name, Stream content, BlobCondition condition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes <paramref name="name"/> when <paramref name="condition"/> holds. Returns true when a blob
    /// was deleted, false when there was none (only possible with <see cref="BlobCondition.None"/> or
    /// <see cref="BlobCondition.IfNotExists"/>).
    /// </summary>
    /// <exception cref="BlobConditionFailedException">The condition did not hold; nothing was deleted.</exception>
    Task<bool> DeleteAsync(string name, BlobCondition condition = default, CancellationToken cancellationToken = default);

    /// <summary>The size, ETag and time of last change of <paramref name="name"/>, or null when there is no such blob.</summary>
    Task<BlobItemInfo?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every blob whose name starts with <paramref name="prefix"/> (a plain string prefix: <c>a/b</c>
    /// matches <c>a/b/c</c> and <c>a/bc</c>), in ordinal name order. An empty prefix lists everything.
    /// </summary>
    IAsyncEnumerable<BlobItemInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every blob whose name starts with <paramref name="prefix"/> (which must not be empty) and
    /// returns how many were deleted. Not atomic: a blob written under the prefix meanwhile may survive.
    /// </summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes, reads back and deletes a small probe blob outside every valid name (readiness). Returns
    /// null when that worked, else the reason it did not; never throws for an unreachable store.
    /// </summary>
    Task<string?> CheckWritableAsync(CancellationToken cancellationToken = default);
}
