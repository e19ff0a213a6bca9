namespace SparseVila.Grains.Storage;

/// <summary>Probes a data folder on the local filesystem by round-tripping a uniquely named file.</summary>
public sealed class FileSystemStorageProbe(string rootPath) : IStorageProbe
{
    private static readonly byte[] ProbeBytes = "sparsevila readiness probe"u8.ToArray();

    /// <summary>The absolute data folder probed.</summary>
    public string RootPath { get; } = Path.GetFullPath(rootPath);

    /// <inheritdoc />
    public async Task<string?> CheckWritableAsync(CancellationToken cancellationToken)
    {
        var probePath = Path.Combine(RootPath, $".probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(RootPath);
            await File.WriteAllBytesAsync(probePath, ProbeBytes, cancellationToken).ConfigureAwait(false);
            var readBack = await File.ReadAllBytesAsync(probePath, cancellationToken).ConfigureAwait(false);
            return readBack.AsSpan().SequenceEqual(ProbeBytes)
                ? null
                : $"The data folder '{RootPath}' returned different bytes than were written.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The data folder '{RootPath}' is not writable: {e.Message}";
        }
        finally
        {
            TryDelete(probePath);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The probe already failed or the folder is gone; the readiness answer says so.
        }
    }
}
