using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Engine.Tests.Storage;
using SparseVila.Grains.Storage;
using SparseVila.Grains.Tests.Storage;
using SparseVila.Grains.VisualCache;
using static TorchSharp.torch;

namespace SparseVila.Grains.Tests.VisualCache;

/// <summary>
/// What <see cref="VisualCacheStore"/> does over every <see cref="IBlobStore"/>, run against each implementation by a
/// subclass: whole caches round trip exactly as the segment codec decodes them, the manifest comes last, each segment
/// is written once, and every missing or damaged part is a typed error.
/// </summary>
public abstract class VisualCacheStoreContractTests : IAsyncLifetime
{
    private const int FramesPerSegment = 3;
    private static readonly string Model = "sha256:" + new string('a', 64);
    private static readonly string Content = "sha256:" + new string('b', 64);
    private static readonly int[] VisualPerFrame = [7, 3, 0, 9, 5, 4, 6];   // 7 frames: segments of 3, 3 and 1
    private ScratchStore? _scratch;
    private RecordingBlobStore? _recording;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private RecordingBlobStore Blobs => _recording ?? throw new InvalidOperationException("The store is not created yet.");

    private static VisualCacheLocation Location => VisualCacheLocation.For(TenantId.Parse("tenant-a"), Content, Model);

    public ValueTask InitializeAsync()
    {
        _scratch = CreateScratchStore();
        _recording = new RecordingBlobStore(_scratch.Store);
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

    [Theory]
    [InlineData(KvCodec.Fp16)]
    [InlineData(KvCodec.Int8)]
    [InlineData(KvCodec.Int4)]
    public async Task AWholeContext_RoundTrips_ExactlyAsTheCodecDecodesIt_WithTheManifestWrittenLast(KvCodec codec)
    {
        using var context = KvTestData.Context(layers: 3, kvHeads: 2, headDim: 16, VisualPerFrame, seed: 4);
        var options = new KvCodecOptions(codec, GroupTokens: 8);

        var manifest = await NewStore().WriteAsync(Location, context, Model, Content, options, Cancellation);
        using var read = await NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation);

        Assert.Equal(3, manifest.Segments.Count);
        Assert.Equal(Location.ManifestName, Blobs.CompletedWrites[^1]);
        Assert.Equal(manifest.Segments.Select(s => Location.NameOf(s.FileName)).Order(StringComparer.Ordinal), Blobs.CompletedWrites.SkipLast(1).Order(StringComparer.Ordinal));
        Assert.Equal(context.Tokens, read.Tokens);
        Assert.Equal(context.Stats with { EncodeMilliseconds = 0, PrefillMilliseconds = 0 }, read.Stats);
        using var expected = VisualContextSegments.RoundTrip(context, options, FramesPerSegment);
        for (var layer = 0; layer < context.Layers; layer++)
        {
            Assert.True(expected.Keys(layer).allclose(read.Keys(layer), rtol: 0, atol: 0), $"layer {layer} keys");
            Assert.True(expected.Values(layer).allclose(read.Values(layer), rtol: 0, atol: 0), $"layer {layer} values");
        }
    }

    [Fact]
    public async Task Fp16_ReadsBackTheOriginalWithinHalfPrecision()
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, VisualPerFrame, seed: 5);
        await NewStore().WriteAsync(Location, context, Model, Content, new KvCodecOptions(KvCodec.Fp16), Cancellation);

        using var read = await NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation);

        for (var layer = 0; layer < context.Layers; layer++)
        {
            Assert.True(context.Keys(layer).allclose(read.Keys(layer), rtol: 1e-3, atol: 1e-6));
            Assert.True(context.Values(layer).allclose(read.Values(layer), rtol: 1e-3, atol: 1e-6));
        }
    }

    [Fact]
    public async Task SegmentsWithoutAManifest_AreAnIncompleteCache_NeverRead()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, VisualPerFrame, seed: 6);
        var store = NewStore();
        var ranges = VisualContextSegments.ByFrames(context.Tokens, FramesPerSegment);
        for (var i = 0; i < ranges.Count; i++)
        {
            await store.WriteSegmentAsync(Location, i, context, ranges[i], new KvCodecOptions(KvCodec.Int8), Cancellation);
        }

        var error = await Assert.ThrowsAsync<KvCacheCorruptException>(() => store.ReadAsync(Location, Model, Content, cancellationToken: Cancellation));

        Assert.Equal(KvCacheCorruption.MissingManifest, error.Reason);
        Assert.Null(await store.TryReadManifestAsync(Location, Cancellation));
        Assert.DoesNotContain(Blobs.Opened, name => name.EndsWith(".kv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissingSegment_IsMissingSegment_NamingIt()
    {
        await WriteCacheAsync(seed: 7);
        await Blobs.DeleteAsync(Location.NameOf("seg-00001.kv"), cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<KvCacheCorruptException>(() => NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation));

        Assert.Equal(KvCacheCorruption.MissingSegment, error.Reason);
        Assert.Equal("seg-00001.kv", error.Name);
    }

    [Fact]
    public async Task AFlippedByte_IsAChecksumMismatch_AndATruncatedSegmentIsTruncated()
    {
        await WriteCacheAsync(seed: 8);
        var name = Location.NameOf("seg-00002.kv");
        var bytes = await ReadBytesAsync(name);
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;

        await Blobs.WriteAsync(name, new MemoryStream(flipped), BlobCondition.None, Cancellation);
        var checksum = await Assert.ThrowsAsync<KvCacheCorruptException>(() => NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation));
        await Blobs.WriteAsync(name, new MemoryStream(bytes[..^10]), BlobCondition.None, Cancellation);
        var truncated = await Assert.ThrowsAsync<KvCacheCorruptException>(() => NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation));

        Assert.Equal((KvCacheCorruption.ChecksumMismatch, "seg-00002.kv"), (checksum.Reason, checksum.Name));
        Assert.Equal((KvCacheCorruption.Truncated, "seg-00002.kv"), (truncated.Reason, truncated.Name));
    }

    [Fact]
    public async Task AnIntactSegmentOfAnotherCache_IsAManifestMismatch()
    {
        await WriteCacheAsync(seed: 9);
        var other = VisualCacheLocation.For(TenantId.Parse("tenant-a"), "sha256:" + new string('c', 64), Model);
        using (var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, VisualPerFrame, seed: 99))
        {
            await NewStore().WriteAsync(other, context, Model, "sha256:" + new string('c', 64), new KvCodecOptions(KvCodec.Int8), Cancellation);
        }

        // Same shapes, so the same length; another context, so another checksum.
        await Blobs.WriteAsync(Location.NameOf("seg-00001.kv"), new MemoryStream(await ReadBytesAsync(other.NameOf("seg-00001.kv"))), BlobCondition.None, Cancellation);
        var error = await Assert.ThrowsAsync<KvCacheCorruptException>(() => NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation));

        Assert.Equal((KvCacheCorruption.ManifestMismatch, "seg-00001.kv"), (error.Reason, error.Name));
    }

    [Fact]
    public async Task ADamagedManifest_IsManifestInvalid()
    {
        await WriteCacheAsync(seed: 10);
        await Blobs.WriteAsync(Location.ManifestName, new MemoryStream("{\"formatVersion\": 1, \"segments\": ["u8.ToArray()), BlobCondition.None, Cancellation);

        var error = await Assert.ThrowsAsync<KvCacheCorruptException>(() => NewStore().ReadAsync(Location, Model, Content, cancellationToken: Cancellation));

        Assert.Equal(KvCacheCorruption.ManifestInvalid, error.Reason);
    }

    [Fact]
    public async Task ACacheOfAnotherModelOrContent_IsAMismatch_AndNoSegmentIsRead()
    {
        await WriteCacheAsync(seed: 11);
        var otherHash = "sha256:" + new string('d', 64);

        var model = await Assert.ThrowsAsync<KvCacheMismatchException>(() => NewStore().ReadAsync(Location, otherHash, Content, cancellationToken: Cancellation));
        var content = await Assert.ThrowsAsync<KvCacheMismatchException>(() => NewStore().ReadAsync(Location, Model, otherHash, cancellationToken: Cancellation));

        Assert.Equal((KvCacheMismatch.ModelFingerprint, otherHash, Model), (model.Reason, model.Expected, model.Found));
        Assert.Equal((KvCacheMismatch.SourceContent, otherHash, Content), (content.Reason, content.Expected, content.Found));
        Assert.DoesNotContain(Blobs.Opened, name => name.EndsWith(".kv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASegmentIsWrittenOnce_ASecondWriteKeepsAndVouchesForTheFirst()
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, VisualPerFrame, seed: 12);
        var range = VisualContextSegments.ByFrames(context.Tokens, FramesPerSegment)[1];
        var options = new KvCodecOptions(KvCodec.Int4);
        var store = NewStore();
        var first = await store.WriteSegmentAsync(Location, 1, context, range, options, Cancellation);
        var eTag = (await Blobs.GetPropertiesAsync(Location.NameOf("seg-00001.kv"), Cancellation))!.ETag;

        var second = await store.WriteSegmentAsync(Location, 1, context, range, options, Cancellation);

        Assert.Equal(first, second);
        Assert.Equal(eTag, (await Blobs.GetPropertiesAsync(Location.NameOf("seg-00001.kv"), Cancellation))!.ETag);
    }

    [Fact]
    public async Task AStoredSegmentOfAnotherShapeOrDamaged_IsRefused_WhenWrittenAgain()
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, VisualPerFrame, seed: 13);
        var ranges = VisualContextSegments.ByFrames(context.Tokens, FramesPerSegment);
        var store = NewStore();
        await store.WriteSegmentAsync(Location, 0, context, ranges[0], new KvCodecOptions(KvCodec.Int8), Cancellation);

        var otherCodec = await Assert.ThrowsAsync<KvCacheCorruptException>(() =>
            store.WriteSegmentAsync(Location, 0, context, ranges[0], new KvCodecOptions(KvCodec.Fp16), Cancellation));
        var bytes = await ReadBytesAsync(Location.NameOf("seg-00000.kv"));
        bytes[^20] ^= 1;
        await Blobs.WriteAsync(Location.NameOf("seg-00000.kv"), new MemoryStream(bytes), BlobCondition.None, Cancellation);
        var damaged = await Assert.ThrowsAsync<KvCacheCorruptException>(() =>
            store.WriteSegmentAsync(Location, 0, context, ranges[0], new KvCodecOptions(KvCodec.Int8), Cancellation));

        Assert.Equal(KvCacheCorruption.ManifestMismatch, otherCodec.Reason);
        Assert.Equal(KvCacheCorruption.ChecksumMismatch, damaged.Reason);
    }

    [Fact]
    public async Task ASecondCommit_KeepsTheFirstManifest()
    {
        var first = await WriteCacheAsync(seed: 14);

        var second = await NewStore().CommitAsync(Location, first with { KeepRatio = 0.9 }, Cancellation);

        Assert.Equal(first.KeepRatio, second.KeepRatio);
        Assert.Equal(first.KeepRatio, (await NewStore().TryReadManifestAsync(Location, Cancellation))!.KeepRatio);
    }

    [Fact]
    public async Task AContextTheCodecRefuses_IsAnArgumentException_AndLeavesNeitherThatSegmentNorAManifest()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 8, VisualPerFrame, seed: 15);
        const int position = 20;
        context.Keys(0)[0, 0, position, 3] = tensor(float.NaN);
        var refused = VisualContextSegments.ByFrames(context.Tokens, FramesPerSegment).Select((r, i) => (r, i)).Single(p => p.r.FirstToken <= position && position < p.r.EndToken).i;

        await Assert.ThrowsAsync<ArgumentException>(() => NewStore().WriteAsync(Location, context, Model, Content, new KvCodecOptions(KvCodec.Fp16), Cancellation));

        // Segments written beside it may stay (an incomplete cache, never read without a manifest); the refused one may not.
        var stored = await Blobs.ListAsync(Location.Prefix + "/", Cancellation).ToListAsync(Cancellation);
        Assert.DoesNotContain(stored, blob => blob.Name == Location.NameOf(KvManifestSegment.FileNameOf(refused)) || blob.Name == Location.ManifestName);
        Assert.Null(await NewStore().TryReadManifestAsync(Location, Cancellation));
    }

    [Fact]
    public async Task Delete_RemovesTheWholeCache_AndNothingElse()
    {
        await WriteCacheAsync(seed: 16);
        var other = VisualCacheLocation.For(TenantId.Parse("tenant-a"), Content, "sha256:" + new string('e', 64));
        using (var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, VisualPerFrame, seed: 17))
        {
            await NewStore().WriteAsync(other, context, "sha256:" + new string('e', 64), Content, new KvCodecOptions(KvCodec.Int8), Cancellation);
        }

        var deleted = await NewStore().DeleteAsync(Location, Cancellation);

        Assert.Equal(4, deleted);
        Assert.Empty(await Blobs.ListAsync(Location.Prefix + "/", Cancellation).ToListAsync(Cancellation));
        Assert.NotNull(await NewStore().TryReadManifestAsync(other, Cancellation));
    }

    private VisualCacheStore NewStore() =>
        new(Blobs, Options.Create(new VisualCacheStoreOptions { FramesPerSegment = FramesPerSegment, ReadParallelism = 3, WriteParallelism = 2 }), NullLogger<VisualCacheStore>.Instance);

    private async Task<KvManifest> WriteCacheAsync(ulong seed)
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, VisualPerFrame, seed);
        return await NewStore().WriteAsync(Location, context, Model, Content, new KvCodecOptions(KvCodec.Int8), Cancellation);
    }

    private async Task<byte[]> ReadBytesAsync(string name)
    {
        await using var opened = await Blobs.OpenReadAsync(name, Cancellation);
        using var buffer = new MemoryStream();
        await opened.Content.CopyToAsync(buffer, Cancellation);
        return buffer.ToArray();
    }
}

/// <summary>The visual cache store over the local filesystem.</summary>
public sealed class FileSystemVisualCacheStoreTests : VisualCacheStoreContractTests
{
    protected override ScratchStore CreateScratchStore() => ScratchStore.InTemporaryFolder();
}

/// <summary>The visual cache store over Azure Blob Storage (Azurite).</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class AzureVisualCacheStoreTests(AzuriteFixture azurite) : VisualCacheStoreContractTests
{
    protected override ScratchStore CreateScratchStore() => ScratchStore.InAzurite(azurite);
}
