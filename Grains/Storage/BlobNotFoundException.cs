namespace SparseVila.Grains.Storage;

/// <summary>A blob that was to be read does not exist.</summary>
public sealed class BlobNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="blobName"/>.</summary>
    public BlobNotFoundException(string blobName, Exception? innerException = null)
        : base($"There is no blob named '{blobName}'.", innerException) => BlobName = blobName;

    /// <summary>The name that was looked for.</summary>
    public string BlobName { get; }
}
