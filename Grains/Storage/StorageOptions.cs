namespace SparseVila.Grains.Storage;

/// <summary>Where uploads, visual caches and grain state live. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The local filesystem: the single-machine default.</summary>
    public const string FileSystemProvider = "FileSystem";

    /// <summary>Azure Blob Storage (Azurite in development and tests).</summary>
    public const string AzureBlobProvider = "AzureBlob";

    /// <summary><see cref="FileSystemProvider"/> (default) or <see cref="AzureBlobProvider"/>.</summary>
    public string Provider { get; set; } = FileSystemProvider;

    /// <summary>Settings of the <see cref="FileSystemProvider"/> (<c>Storage:FileSystem</c>).</summary>
    public FileSystemStorageOptions FileSystem { get; set; } = new();

    /// <summary>Settings of the <see cref="AzureBlobProvider"/> (<c>Storage:AzureBlob</c>).</summary>
    public AzureBlobStoreOptions AzureBlob { get; set; } = new();
}
