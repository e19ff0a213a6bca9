namespace SparseVila.Grains.Storage;

/// <summary>A blob opened for reading: its content stream and the version it belongs to. Dispose it to release the stream.</summary>
public sealed class OpenedBlob(Stream content, string eTag, long lengthBytes) : IDisposable, IAsyncDisposable
{
    /// <summary>
    /// The content, read from the store as it is consumed. May not be seekable (Azure); use
    /// <see cref="LengthBytes"/> rather than <see cref="Stream.Length"/>.
    /// </summary>
    public Stream Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    /// <summary>The ETag of the version being read.</summary>
    public string ETag { get; } = eTag ?? throw new ArgumentNullException(nameof(eTag));

    /// <summary>The content's length.</summary>
    public long LengthBytes { get; } = lengthBytes;

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
