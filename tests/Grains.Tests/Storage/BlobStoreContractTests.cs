using System.Text;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> does, run against each implementation by a subclass that
/// supplies an empty store per test.
/// </summary>
public abstract class BlobStoreContractTests : IAsyncLifetime
{
    private const string Video = "tenant-a/videos/v1";
    private ScratchStore? _scratch;

    protected IBlobStore Store => (_scratch ?? throw new InvalidOperationException("The store is not created yet.")).Store;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _scratch = CreateScratchStore();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_scratch is not null)
        {
            await _scratch.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>An empty store of the implementation under test.</summary>
    protected abstract ScratchStore CreateScratchStore();

    [Fact]
    public async Task RoundTrip_Of20MegabytesFromAForwardOnlySource_StreamsBackTheSameBytes()
    {
        const long Length = 20L * 1024 * 1024;
        const ulong Seed = 20;

        var eTag = await Store.WriteAsync($"{Video}/seg-00000.kv", new GeneratedStream(Length, Seed), BlobCondition.IfNotExists, Cancellation);
        await using var blob = await Store.OpenReadAsync($"{Video}/seg-00000.kv", Cancellation);
        var readBytes = await GeneratedStream.VerifyAsync(blob.Content, Seed, Cancellation);

        Assert.Equal(Length, readBytes);
        Assert.Equal(Length, blob.LengthBytes);
        Assert.Equal(eTag, blob.ETag);
        Assert.False(string.IsNullOrEmpty(eTag));
    }

    [Fact]
    public async Task EmptyContent_RoundTrips()
    {
        await Store.WriteAsync("tenant-a/empty", Stream.Null, BlobCondition.None, Cancellation);

        await using var blob = await Store.OpenReadAsync("tenant-a/empty", Cancellation);

        Assert.Equal(0, blob.LengthBytes);
        Assert.Equal(string.Empty, await ReadTextAsync(blob));
    }

    [Fact]
    public async Task UnconditionalWrite_ReplacesTheContent_AndChangesTheETag()
    {
        var first = await WriteTextAsync("tenant-a/note", "one", BlobCondition.None);
        var second = await WriteTextAsync("tenant-a/note", "one", BlobCondition.None);

        Assert.NotEqual(first, second);
        Assert.Equal("one", await ReadTextAsync("tenant-a/note"));
    }

    [Fact]
    public async Task CreateOnly_WhenTheBlobExists_FailsAndKeepsTheFirstContent()
    {
        var eTag = await WriteTextAsync("tenant-a/manifest.json", "first", BlobCondition.IfNotExists);

        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(
            () => WriteTextAsync("tenant-a/manifest.json", "second", BlobCondition.IfNotExists));

        Assert.Equal("tenant-a/manifest.json", error.BlobName);
        Assert.Equal(BlobConditionKind.IfNoneMatchAny, error.Condition.Kind);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        await using var blob = await Store.OpenReadAsync("tenant-a/manifest.json", Cancellation);
        Assert.Equal("first", await ReadTextAsync(blob));
        Assert.Equal(eTag, blob.ETag);
    }

    [Fact]
    public async Task IfMatch_WithTheCurrentETag_Replaces()
    {
        var first = await WriteTextAsync("tenant-a/state", "v1", BlobCondition.IfNotExists);

        var second = await WriteTextAsync("tenant-a/state", "v2", BlobCondition.IfMatch(first));

        Assert.NotEqual(first, second);
        Assert.Equal("v2", await ReadTextAsync("tenant-a/state"));
        Assert.Equal(second, (await Store.GetPropertiesAsync("tenant-a/state", Cancellation))?.ETag);
    }

    [Fact]
    public async Task IfMatch_WithAStaleETag_FailsAndLeavesTheContentUnchanged()
    {
        var stale = await WriteTextAsync("tenant-a/state", "v1", BlobCondition.IfNotExists);
        var current = await WriteTextAsync("tenant-a/state", "v2", BlobCondition.IfMatch(stale));

        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() => WriteTextAsync("tenant-a/state", "v3", BlobCondition.IfMatch(stale)));

        Assert.Equal(stale, error.Condition.ETag);
        await using var blob = await Store.OpenReadAsync("tenant-a/state", Cancellation);
        Assert.Equal("v2", await ReadTextAsync(blob));
        Assert.Equal(current, blob.ETag);
    }

    [Fact]
    public async Task IfMatch_OnAMissingBlob_Fails()
    {
        var eTag = await WriteTextAsync("tenant-a/gone", "x", BlobCondition.None);
        await Store.DeleteAsync("tenant-a/gone", BlobCondition.None, Cancellation);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => WriteTextAsync("tenant-a/gone", "y", BlobCondition.IfMatch(eTag)));

        Assert.Null(await Store.GetPropertiesAsync("tenant-a/gone", Cancellation));
    }

    [Fact]
    public async Task ConcurrentCreateOnly_From8Tasks_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 8).Select(async writer =>
        {
            try
            {
                return (Writer: writer, ETag: (string?)await WriteTextAsync("tenant-a/videos/v1/manifest.json", $"writer {writer}", BlobCondition.IfNotExists));
            }
            catch (BlobConditionFailedException)
            {
                return (Writer: writer, ETag: null);
            }
        });

        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, outcome => outcome.ETag is not null);
        await using var blob = await Store.OpenReadAsync("tenant-a/videos/v1/manifest.json", Cancellation);
        Assert.Equal($"writer {winner.Writer}", await ReadTextAsync(blob));
        Assert.Equal(winner.ETag, blob.ETag);
    }

    [Fact]
    public async Task ConcurrentIfMatch_FromOneETag_ExactlyOneWins()
    {
        var eTag = await WriteTextAsync("tenant-a/state", "v0", BlobCondition.IfNotExists);
        var attempts = Enumerable.Range(0, 8).Select(async writer =>
        {
            try
            {
                await WriteTextAsync("tenant-a/state", $"writer {writer}", BlobCondition.IfMatch(eTag));
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
    public async Task ListAsync_ByPrefix_ReturnsOnlyThoseBlobs_InNameOrder_WithSizeAndETag()
    {
        var eTags = new Dictionary<string, string>();
        foreach (var name in new[] { $"{Video}/seg-00001.kv", $"{Video}/manifest.json", $"{Video}/seg-00000.kv", "tenant-a/videos/v10/seg-00000.kv", "tenant-b/videos/v1/seg-00000.kv" })
        {
            eTags[name] = await WriteTextAsync(name, name, BlobCondition.None);
        }

        var inFolder = await ListAsync($"{Video}/");
        var byStringPrefix = await ListAsync(Video);

        Assert.Equal([$"{Video}/manifest.json", $"{Video}/seg-00000.kv", $"{Video}/seg-00001.kv"], inFolder.Select(blob => blob.Name));
        Assert.Equal([.. inFolder.Select(blob => blob.Name), "tenant-a/videos/v10/seg-00000.kv"], byStringPrefix.Select(blob => blob.Name));
        Assert.All(inFolder, blob =>
        {
            Assert.Equal(Encoding.UTF8.GetByteCount(blob.Name), blob.SizeBytes);
            Assert.Equal(eTags[blob.Name], blob.ETag);
            Assert.InRange(blob.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        });
        Assert.Equal(5, (await ListAsync(string.Empty)).Count);
        Assert.Empty(await ListAsync("tenant-c/"));
    }

    [Fact]
    public async Task DeleteAsync_ReturnsWhetherABlobWasDeleted_AndHonoursItsCondition()
    {
        var eTag = await WriteTextAsync("tenant-a/state", "v1", BlobCondition.None);
        var current = await WriteTextAsync("tenant-a/state", "v2", BlobCondition.None);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DeleteAsync("tenant-a/state", BlobCondition.IfMatch(eTag), Cancellation));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DeleteAsync("tenant-a/state", BlobCondition.IfNotExists, Cancellation));
        Assert.Equal("v2", await ReadTextAsync("tenant-a/state"));

        Assert.True(await Store.DeleteAsync("tenant-a/state", BlobCondition.IfMatch(current), Cancellation));
        Assert.Null(await Store.GetPropertiesAsync("tenant-a/state", Cancellation));
        Assert.False(await Store.DeleteAsync("tenant-a/state", BlobCondition.None, Cancellation));
        Assert.False(await Store.DeleteAsync("tenant-a/state", BlobCondition.IfNotExists, Cancellation));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DeleteAsync("tenant-a/state", BlobCondition.IfMatch(current), Cancellation));
    }

    [Fact]
    public async Task DeletePrefixAsync_DeletesEverythingUnderThePrefix_AndNothingElse()
    {
        foreach (var name in new[] { $"{Video}/manifest.json", $"{Video}/seg-00000.kv", $"{Video}/deep/x", "tenant-a/videos/v2/manifest.json" })
        {
            await WriteTextAsync(name, name, BlobCondition.None);
        }

        var deleted = await Store.DeletePrefixAsync($"{Video}/", Cancellation);

        Assert.Equal(3, deleted);
        Assert.Equal(["tenant-a/videos/v2/manifest.json"], (await ListAsync("tenant-a/")).Select(blob => blob.Name));
        await WriteTextAsync($"{Video}/manifest.json", "again", BlobCondition.IfNotExists);
        Assert.Equal("again", await ReadTextAsync($"{Video}/manifest.json"));
    }

    [Fact]
    public async Task Missing_IsBlobNotFoundOnRead_AndNullProperties()
    {
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync("tenant-a/none", Cancellation));

        Assert.Equal("tenant-a/none", error.BlobName);
        Assert.Contains("tenant-a/none", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetPropertiesAsync("tenant-a/none", Cancellation));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync("tenant-z/none/deeper", Cancellation));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("/tenant-a/x", "starts with '/'")]
    [InlineData("tenant-a/../tenant-b/x", "'..' segment")]
    [InlineData("tenant-a/./x", "'.' segment")]
    [InlineData("tenant-a//x", "empty segment")]
    [InlineData("tenant-a/x/", "empty segment")]
    [InlineData("tenant-a/.hidden", "starting with '.'")]
    [InlineData("tenant-a/a b", "holds ' '")]
    [InlineData("tenant-a\\x", "holds '\\'")]
    [InlineData("tenant-a/vidéo", "holds 'é'")]
    public async Task InvalidName_IsAnArgumentExceptionSayingWhy_FromEveryMethod(string name, string reason)
    {
        var failures = new List<ArgumentException>
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(name, Cancellation)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteAsync(name, new MemoryStream([1]), BlobCondition.None, Cancellation)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(name, BlobCondition.None, Cancellation)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetPropertiesAsync(name, Cancellation)),
        };

        Assert.All(failures, failure => Assert.Contains(reason, failure.Message, StringComparison.Ordinal));
        Assert.Empty(await ListAsync(string.Empty));
    }

    [Theory]
    [InlineData("../", "'..' segment")]
    [InlineData("/tenant-a", "starts with '/'")]
    [InlineData("tenant-a//", "empty segment")]
    public async Task InvalidPrefix_IsAnArgumentException(string prefix, string reason)
    {
        var list = await Assert.ThrowsAnyAsync<ArgumentException>(() => ListAsync(prefix));
        var delete = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeletePrefixAsync(prefix, Cancellation));

        Assert.Contains(reason, list.Message, StringComparison.Ordinal);
        Assert.Contains(reason, delete.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePrefixAsync_OfTheEmptyPrefix_IsRefused()
    {
        await WriteTextAsync("tenant-a/x", "x", BlobCondition.None);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeletePrefixAsync(string.Empty, Cancellation));

        Assert.Contains("every blob", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await Store.GetPropertiesAsync("tenant-a/x", Cancellation));
    }

    [Fact]
    public async Task ParallelReads_OfManySegments_EachGetItsOwnContent()
    {
        const int Segments = 16;
        const long SegmentBytes = 256 * 1024;
        await Task.WhenAll(Enumerable.Range(0, Segments).Select(segment =>
            Store.WriteAsync($"{Video}/seg-{segment:D5}.kv", new GeneratedStream(SegmentBytes, (ulong)segment), BlobCondition.None, Cancellation)));

        var lengths = await Task.WhenAll(Enumerable.Range(0, Segments).Select(async segment =>
        {
            await using var blob = await Store.OpenReadAsync($"{Video}/seg-{segment:D5}.kv", Cancellation);
            return await GeneratedStream.VerifyAsync(blob.Content, (ulong)segment, Cancellation);
        }));

        Assert.All(lengths, length => Assert.Equal(SegmentBytes, length));
    }

    [Fact]
    public async Task AReaderOfOneVersion_KeepsReadingIt_WhenTheBlobIsReplaced()
    {
        const long Length = 1024 * 1024;
        var eTag = await Store.WriteAsync("tenant-a/seg", new GeneratedStream(Length, 1), BlobCondition.None, Cancellation);
        await using var blob = await Store.OpenReadAsync("tenant-a/seg", Cancellation);

        await Store.WriteAsync("tenant-a/seg", new GeneratedStream(Length, 2), BlobCondition.None, Cancellation);

        Assert.Equal(eTag, blob.ETag);
        Assert.Equal(Length, await GeneratedStream.VerifyAsync(blob.Content, 1, Cancellation));
    }

    [Fact]
    public async Task AWriteWhoseSourceFails_KeepsThePreviousVersion_AndLeavesNothingElse()
    {
        var eTag = await WriteTextAsync("tenant-a/seg", "previous", BlobCondition.None);

        await Assert.ThrowsAsync<IOException>(() =>
            Store.WriteAsync("tenant-a/seg", new GeneratedStream(8L * 1024 * 1024, 3, failAfterBytes: 6L * 1024 * 1024), BlobCondition.IfMatch(eTag), Cancellation));

        Assert.Equal("previous", await ReadTextAsync("tenant-a/seg"));
        Assert.Equal(eTag, (await Store.GetPropertiesAsync("tenant-a/seg", Cancellation))?.ETag);
        Assert.Equal(["tenant-a/seg"], (await ListAsync(string.Empty)).Select(blob => blob.Name));
    }

    [Fact]
    public async Task CheckWritable_WorksAndLeavesNoBlobBehind()
    {
        Assert.Null(await Store.CheckWritableAsync(Cancellation));

        Assert.Empty(await ListAsync(string.Empty));
    }

    protected Task<string> WriteTextAsync(string name, string text, BlobCondition condition) =>
        Store.WriteAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(text)), condition, Cancellation);

    protected async Task<string> ReadTextAsync(string name)
    {
        await using var blob = await Store.OpenReadAsync(name, Cancellation);
        return await ReadTextAsync(blob);
    }

    protected async Task<List<BlobItemInfo>> ListAsync(string prefix)
    {
        var blobs = new List<BlobItemInfo>();
        await foreach (var blob in Store.ListAsync(prefix, Cancellation))
        {
            blobs.Add(blob);
        }

        return blobs;
    }

    private static async Task<string> ReadTextAsync(OpenedBlob blob)
    {
        using var reader = new StreamReader(blob.Content, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync(Cancellation);
    }
}
