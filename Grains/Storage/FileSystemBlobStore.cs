using System.Runtime.CompilerServices;

namespace SparseVila.Grains.Storage;

/// <summary>
/// Blobs as files under a data folder: the single-machine default. A blob <c>a/b/c</c> is the file
/// <c>{root}/a/b/c</c>, holding a 32-byte header (<see cref="BlobFileHeader"/>) and then the content.
/// </summary>
/// <remarks>
/// <para>Guarantees, within one process and across processes that share the folder:</para>
/// <list type="bullet">
/// <item>A write streams into a temporary file beside the target (<c>.{leaf}.{random}.tmp</c>), fsyncs
/// it, and publishes it with one rename, so readers see the old or the new version, never a mix, and a
/// failed or cancelled write leaves the old version (and no temporary file).</item>
/// <item>ETags are random version stamps stored in the file's header, so an ETag changes with every
/// write (even of identical bytes), never repeats, and cannot disagree with the content.</item>
/// <item>A conditional write or delete checks its condition and renames (or deletes) while holding the
/// name's lock (<see cref="BlobFileLocks"/>: an in-process semaphore and an exclusive lock file), so
/// of concurrent create-only writes exactly one wins and an If-Match write never overwrites a version
/// it did not see.</item>
/// <item>An open reader keeps reading the version it opened when the blob is replaced or deleted.</item>
/// </list>
/// <para>Limits: the locks are advisory, kept only by this store (and disabled by
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>); the rename itself is durable once the filesystem's
/// journal commits the folder (the folder is not fsynced); a name cannot be both a blob and a prefix
/// folder of other blobs (<c>a</c> and <c>a/b</c>), which Azure allows.</para>
/// </remarks>
public sealed class FileSystemBlobStore : IBlobStore
{
    /// <summary>The copy buffer: below the large-object-heap threshold.</summary>
    private const int CopyBufferBytes = 81_920;

    /// <summary>Attempts at creating a temporary file whose folder a concurrent <see cref="DeletePrefixAsync"/> removed.</summary>
    private const int FolderRaceAttempts = 3;

    private readonly BlobFileLocks _locks;

    /// <summary>A store over <see cref="FileSystemStorageOptions.RootPath"/>.</summary>
    public FileSystemBlobStore(FileSystemStorageOptions options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).RootPath)
    {
    }

    /// <summary>A store over <paramref name="rootPath"/> (made absolute; created when first written).</summary>
    public FileSystemBlobStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        _locks = new BlobFileLocks(Path.Combine(RootPath, ".locks"));
    }

    /// <summary>The absolute data folder.</summary>
    public string RootPath { get; }

    /// <inheritdoc />
    public async Task<OpenedBlob> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var path = PathOf(name);
        var file = OpenForRead(path) ?? throw new BlobNotFoundException(name);
        try
        {
            var eTag = await BlobFileHeader.ReadETagAsync(file, path, cancellationToken).ConfigureAwait(false);
            return new OpenedBlob(new BlobContentStream(file, BlobFileHeader.SizeBytes), eTag, file.Length - BlobFileHeader.SizeBytes);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string name, Stream content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(name);
        if (Directory.Exists(path))
        {
            throw new IOException(
                $"The blob '{name}' cannot be written: '{path}' is a folder of blobs named '{name}/…', and on the filesystem a blob's name cannot also be a prefix folder.");
        }

        var (stamp, eTag) = BlobFileHeader.NewVersion();
        string? temporary = await WriteTemporaryFileAsync(name, path, stamp, content, cancellationToken).ConfigureAwait(false);
        try
        {
            using (await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false))
            {
                var current = ReadCurrentETag(path);
                if (!condition.IsMetBy(current))
                {
                    throw new BlobConditionFailedException(name, condition);
                }

                File.Move(temporary, path, overwrite: current is not null);
                temporary = null;
            }
        }
        finally
        {
            if (temporary is not null)
            {
                TryDeleteFile(temporary);
            }
        }

        return eTag;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var path = PathOf(name);
        using (await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false))
        {
            var current = ReadCurrentETag(path);
            if (!condition.IsMetBy(current))
            {
                throw new BlobConditionFailedException(name, condition);
            }

            if (current is null)
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task<BlobItemInfo?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var path = PathOf(name);
        var file = OpenForRead(path);
        if (file is null)
        {
            return null;
        }

        await using (file.ConfigureAwait(false))
        {
            var eTag = await BlobFileHeader.ReadETagAsync(file, path, cancellationToken).ConfigureAwait(false);
            var lastWrite = File.GetLastWriteTimeUtc(file.SafeFileHandle);
            return new BlobItemInfo(name, file.Length - BlobFileHeader.SizeBytes, eTag, new DateTimeOffset(lastWrite, TimeSpan.Zero));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix, allowEmpty: true);
        // Names are gathered first (names only, not contents), so that deleting while listing is safe.
        foreach (var name in ListNames(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A blob deleted since the folder was read is skipped.
            if (await GetPropertiesAsync(name, cancellationToken).ConfigureAwait(false) is { } info)
            {
                yield return info;
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix, allowEmpty: false);
        var deleted = 0;
        foreach (var name in ListNames(prefix))
        {
            if (await DeleteAsync(name, BlobCondition.None, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        RemoveEmptyFolders(prefix);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<string?> CheckWritableAsync(CancellationToken cancellationToken = default)
    {
        var probeBytes = "sparsevila readiness probe"u8.ToArray();
        var probePath = Path.Combine(RootPath, $".probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(RootPath);
            await File.WriteAllBytesAsync(probePath, probeBytes, cancellationToken).ConfigureAwait(false);
            var readBack = await File.ReadAllBytesAsync(probePath, cancellationToken).ConfigureAwait(false);
            return readBack.AsSpan().SequenceEqual(probeBytes)
                ? null
                : $"The data folder '{RootPath}' returned different bytes than were written.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The data folder '{RootPath}' is not writable: {e.Message}";
        }
        finally
        {
            TryDeleteFile(probePath);
        }
    }

    private string PathOf(string name) => Path.Combine(RootPath, name.Replace(BlobNames.Separator, Path.DirectorySeparatorChar));

    /// <summary>Opens a blob file for reading, or returns null when there is none.</summary>
    private static FileStream? OpenForRead(string path)
    {
        try
        {
            // Delete sharing lets a writer replace (Windows) the file while it is read; Unix never blocks that.
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = CopyBufferBytes,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            // A folder of blobs under "name/", but no blob "name".
            return null;
        }
    }

    /// <summary>The ETag of the current version, or null when there is none. Called under the name's lock.</summary>
    private static string? ReadCurrentETag(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return BlobFileHeader.ReadETag(file, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Streams header and content into a new temporary file beside <paramref name="path"/>, fsynced; returns its path.</summary>
    private async Task<string> WriteTemporaryFileAsync(string name, string path, Guid stamp, Stream content, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        FileStream file;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(folder);
                file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, FileOptions.Asynchronous);
                break;
            }
            catch (IOException e) when (AncestorFile(path) is { } blocker)
            {
                throw new IOException(
                    $"The blob '{name}' cannot be written: '{blocker}' is a blob file, and on the filesystem a blob's name cannot also be a prefix folder.", e);
            }
            catch (DirectoryNotFoundException) when (attempt < FolderRaceAttempts)
            {
                // A concurrent DeletePrefixAsync removed the folder while it was empty: make it again.
            }
        }

        try
        {
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(BlobFileHeader.Create(stamp), cancellationToken).ConfigureAwait(false);
                await content.CopyToAsync(file, CopyBufferBytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            return temporary;
        }
        catch
        {
            TryDeleteFile(temporary);
            throw;
        }
    }

    /// <summary>The nearest existing ancestor of <paramref name="path"/> under the root that is a file, if any.</summary>
    private string? AncestorFile(string path)
    {
        for (var folder = Path.GetDirectoryName(path); folder is not null && folder.Length > RootPath.Length; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>The names of the blob files under <paramref name="prefix"/>, in ordinal order.</summary>
    private List<string> ListNames(string prefix)
    {
        var start = FolderOf(prefix);
        if (!Directory.Exists(start))
        {
            return [];
        }

        // Dot-files (temporary files, locks, probes) are never valid names and are left out.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var names = Directory.EnumerateFiles(start, "*", options)
            .Select(file => Path.GetRelativePath(RootPath, file).Replace(Path.DirectorySeparatorChar, BlobNames.Separator))
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && BlobNames.IsValid(name))
            .ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The folder holding everything under <paramref name="prefix"/>: its part up to the last '/'.</summary>
    private string FolderOf(string prefix)
    {
        var slash = prefix.LastIndexOf(BlobNames.Separator);
        return slash < 0 ? RootPath : PathOf(prefix[..slash]);
    }

    /// <summary>Removes folders under <paramref name="prefix"/> left empty, then empty folders above them up to the root.</summary>
    private void RemoveEmptyFolders(string prefix)
    {
        var start = FolderOf(prefix);
        if (Directory.Exists(start))
        {
            var folders = Directory.EnumerateDirectories(start, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Where(folder =>
                {
                    var name = Path.GetRelativePath(RootPath, folder).Replace(Path.DirectorySeparatorChar, BlobNames.Separator);
                    return (name + BlobNames.Separator).StartsWith(prefix, StringComparison.Ordinal) || name.StartsWith(prefix, StringComparison.Ordinal);
                })
                .OrderByDescending(folder => folder.Length)
                .ToList();
            foreach (var folder in folders)
            {
                TryDeleteEmptyFolder(folder);
            }
        }

        for (var folder = start; folder.Length > RootPath.Length; folder = Path.GetDirectoryName(folder)!)
        {
            if (!TryDeleteEmptyFolder(folder))
            {
                break;
            }
        }
    }

    private static bool TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty (a blob was written meanwhile) or already gone: either way, leave it.
            return false;
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the operation's own outcome is what the caller hears about.
        }
    }
}
