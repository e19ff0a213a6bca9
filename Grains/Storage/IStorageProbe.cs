namespace SparseVila.Grains.Storage;

/// <summary>Answers whether the configured store can be written right now (readiness).</summary>
public interface IStorageProbe
{
    /// <summary>
    /// Writes, reads back and deletes a small probe object. Returns null when that worked, else the
    /// reason it did not.
    /// </summary>
    Task<string?> CheckWritableAsync(CancellationToken cancellationToken);
}
