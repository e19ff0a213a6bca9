namespace SparseVila.Grains.Storage;

/// <summary>Settings of <see cref="AzureBlobStore"/>. Bound from <c>Storage:AzureBlob</c>.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>
    /// The name under <c>ConnectionStrings</c> read when <see cref="ConnectionString"/> is not set
    /// (<c>ConnectionStrings:Blobs</c>, the .NET Aspire convention).
    /// </summary>
    public const string ConnectionStringName = "Blobs";

    /// <summary>The container used when none is configured.</summary>
    public const string DefaultContainerName = "sparsevila";

    /// <summary>The storage account's connection string (for Azurite, its well-known development one). Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The container holding every blob; created on first use.</summary>
    public string ContainerName { get; set; } = DefaultContainerName;
}
