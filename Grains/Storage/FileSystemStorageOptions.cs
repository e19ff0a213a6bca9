namespace SparseVila.Grains.Storage;

/// <summary>Settings of the local filesystem store.</summary>
public sealed class FileSystemStorageOptions
{
    /// <summary>
    /// The data folder. A relative path is taken from the host's content root. Created if missing.
    /// </summary>
    public string RootPath { get; set; } = "data";
}
