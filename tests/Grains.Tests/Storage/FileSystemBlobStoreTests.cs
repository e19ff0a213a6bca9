using System.Text;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>The store contract on the local filesystem, and what is particular to it.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContractTests
{
    private string RootPath => ((FileSystemBlobStore)Store).RootPath;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    protected override ScratchStore CreateScratchStore() => ScratchStore.InTemporaryFolder();

    [Fact]
    public async Task ConcurrentCreateOnly_FromSeparateStoreInstances_ExactlyOneWins()
    {
        // Each instance has its own in-process semaphores, as separate processes would: only the lock
        // files keep the check-and-rename atomic.
        var attempts = Enumerable.Range(0, 8).Select(async writer =>
        {
            var store = new FileSystemBlobStore(RootPath);
            try
            {
                await store.WriteAsync("tenant-a/manifest.json", new MemoryStream(Encoding.UTF8.GetBytes($"writer {writer}")), BlobCondition.IfNotExists, Cancellation);
                return true;
            }
            catch (BlobConditionFailedException)
            {
                return false;
            }
        });

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }

    [Fact]
    public async Task ABlobFile_IsTheHeaderThenTheContent_AndTemporaryFilesAreGone()
    {
        await WriteTextAsync("tenant-a/videos/v1/manifest.json", "{}", BlobCondition.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(RootPath, "tenant-a", "videos", "v1", "manifest.json"), Cancellation);

        Assert.Equal("SVBLOB01"u8.ToArray(), bytes[..8]);
        Assert.Equal("{}"u8.ToArray(), bytes[32..]);
        Assert.Equal(["manifest.json"], Directory.EnumerateFileSystemEntries(Path.Combine(RootPath, "tenant-a", "videos", "v1")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AFileNotWrittenByTheStore_IsReportedAsSuch()
    {
        Directory.CreateDirectory(Path.Combine(RootPath, "tenant-a"));
        await File.WriteAllTextAsync(Path.Combine(RootPath, "tenant-a", "stray.txt"), "hello", Cancellation);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.OpenReadAsync("tenant-a/stray.txt", Cancellation));

        Assert.Contains("not a blob written by this store", error.Message, StringComparison.Ordinal);
        Assert.Contains("stray.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameThatIsAlsoAFolderOfBlobs_CannotBeWritten_AndSaysWhy()
    {
        await WriteTextAsync("tenant-a/v1/manifest.json", "{}", BlobCondition.None);

        var asFile = await Assert.ThrowsAsync<IOException>(() => WriteTextAsync("tenant-a/v1", "x", BlobCondition.None));
        var underFile = await Assert.ThrowsAsync<IOException>(() => WriteTextAsync("tenant-a/v1/manifest.json/x", "x", BlobCondition.None));

        Assert.Contains("cannot also be a prefix folder", asFile.Message, StringComparison.Ordinal);
        Assert.Contains("cannot also be a prefix folder", underFile.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetPropertiesAsync("tenant-a/v1", Cancellation));
    }

    [Fact]
    public async Task DeletePrefixAsync_RemovesTheFoldersItEmptied()
    {
        await WriteTextAsync("tenant-a/videos/v1/seg-00000.kv", "x", BlobCondition.None);
        await WriteTextAsync("tenant-a/videos/v2/seg-00000.kv", "x", BlobCondition.None);

        await Store.DeletePrefixAsync("tenant-a/videos/v1/", Cancellation);

        Assert.False(Directory.Exists(Path.Combine(RootPath, "tenant-a", "videos", "v1")));
        Assert.True(Directory.Exists(Path.Combine(RootPath, "tenant-a", "videos", "v2")));
    }

    [Fact]
    public async Task CheckWritable_CreatesAMissingFolder_AndLeavesNothingBehind()
    {
        var dataPath = Path.Combine(RootPath, "data", "nested");
        var store = new FileSystemBlobStore(dataPath);

        var problem = await store.CheckWritableAsync(Cancellation);

        Assert.Null(problem);
        Assert.True(Directory.Exists(dataPath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dataPath));
    }

    [Fact]
    public async Task CheckWritable_WhenTheRootIsAFile_SaysWhyAndNamesTheFolder()
    {
        var file = Path.Combine(RootPath, "not-a-folder");
        Directory.CreateDirectory(RootPath);
        await File.WriteAllTextAsync(file, "x", Cancellation);
        var store = new FileSystemBlobStore(Path.Combine(file, "data"));

        var problem = await store.CheckWritableAsync(Cancellation);

        Assert.NotNull(problem);
        Assert.Contains("not writable", problem, StringComparison.Ordinal);
        Assert.Contains(store.RootPath, problem, StringComparison.Ordinal);
    }
}
