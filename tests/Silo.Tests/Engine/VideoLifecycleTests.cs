using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Errors;
using SparseVila.Contracts.Videos;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>Cancelling and deleting videos, a damaged cache rebuilt, and conversations over several videos, on a one-silo engine cluster.</summary>
public sealed class VideoLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private EngineCluster? _cluster;

    private EngineCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await EngineCluster.StartAsync(silos: 1);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private IEnumerable<string> Stored(string pattern) =>
        Directory.Exists(Cluster.DataFolder) ? Directory.EnumerateFiles(Cluster.DataFolder, pattern, SearchOption.AllDirectories) : [];

    private async Task<string> GenerateAsync(int seed, int seconds)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Cluster.Folder.FullName, $"videos-{seed}")).FullName;
        return await GeneratedVideos.WriteAsync(folder, seed, seconds, Ct);
    }

    private Task<IVideoGrain> IndexAsync(string videoId, string path) => Cluster.IndexAsync(videoId, path, Ct);

    [Fact]
    public async Task CancelIndexing_StopsTheRun_WithNoManifest_AndAStartAgainContinuesAfterTheCommittedSegments()
    {
        var path = await GenerateAsync(seed: 31, seconds: 24);
        var video = await Cluster.UploadAsync(GrainKeys.NewId(), path, Ct);
        Cluster.Segments.HoldFromSegment = 2;

        await video.StartIndexingAsync(IndexingOptions.Default);
        await Cluster.Segments.Held.WaitAsync(Timeout, Ct);
        await video.CancelIndexingAsync();

        var cancelled = await video.GetInfoAsync();
        Assert.Equal(VideoStatus.Uploaded, cancelled!.Status);
        Assert.Equal(2, cancelled.Progress.SegmentsCommitted);
        Assert.Empty(Stored("manifest.json"));
        Assert.Equal(2, Stored("*.kv").Count());

        Cluster.Segments.Release();
        await video.StartIndexingAsync(IndexingOptions.Default);
        var info = await VideoWatcher.UntilAsync(Cluster.Cluster, video, EngineCluster.IsSettled, Timeout);

        Assert.Equal(VideoStatus.Indexed, info.Status);
        Assert.Equal(new IndexingProgress(24, 24, 6), info.Progress);
        Assert.Equal(6, Cluster.Segments.Writes.Count);
        Assert.All(Cluster.Segments.Writes.Values, count => Assert.Equal(1, count));
        Assert.Single(Stored("manifest.json"));
    }

    [Fact]
    public async Task Delete_RemovesTheSourceAndState_AndTheCacheOnceNoOtherVideoUsesIt()
    {
        var path = await GenerateAsync(seed: 32, seconds: 8);
        var (firstId, secondId) = (GrainKeys.NewId(), GrainKeys.NewId());
        var first = await IndexAsync(firstId, path);
        var second = await IndexAsync(secondId, path);                                                 // the same bytes: one cache, two users
        var segments = Stored("*.kv").Count();
        Assert.True(segments > 0);
        Assert.Contains(Stored("*"), f => f.EndsWith(firstId, StringComparison.Ordinal));

        await first.DeleteAsync();

        Assert.Null(await first.GetInfoAsync());
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => first.GetIndexAsync());
        Assert.DoesNotContain(Stored("*"), f => f.EndsWith(firstId, StringComparison.Ordinal));         // the upload
        Assert.Equal(segments, Stored("*.kv").Count());                                                 // still the second's
        var conversation = await Cluster.StartConversationAsync(secondId);
        Assert.NotEmpty((await Asking.AskAsync(conversation, "how many objects are there at second 2?")).Final.Evidence);

        await second.DeleteAsync();

        Assert.Empty(Stored("*.kv"));
        Assert.Empty(Stored("manifest.json"));
        Assert.Null(await second.GetInfoAsync());
    }

    [Fact]
    public async Task ADamagedSegment_IsNeverDecoded_TheVideoIndexesAgain_AndTheVideoSharingTheCacheKeepsItsReference()
    {
        var path = await GenerateAsync(seed: 36, seconds: 8);
        var (firstId, secondId) = (GrainKeys.NewId(), GrainKeys.NewId());
        var first = await IndexAsync(firstId, path);
        var second = await IndexAsync(secondId, path);                                                 // the same bytes: one cache, two users
        var segment = Assert.Single(Stored("seg-00001.kv"));
        var bytes = await File.ReadAllBytesAsync(segment, Ct);
        await File.WriteAllBytesAsync(segment, bytes[..^16], Ct);                                      // truncated

        var conversation = await Cluster.StartConversationAsync(secondId);
        var refused = await Assert.ThrowsAsync<VideoNotReadyException>(() => Asking.AskAsync(conversation, "what color is the circle at second 2?"));

        Assert.Equal((secondId, VideoStatus.Indexing), (refused.VideoId, refused.Status));
        Assert.Contains("seg-00001.kv", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Truncated", refused.Message, StringComparison.Ordinal);
        var rebuilt = await VideoWatcher.UntilAsync(Cluster.Cluster, second, EngineCluster.IsSettled, Timeout);
        Assert.Equal(VideoStatus.Indexed, rebuilt.Status);
        Assert.Equal(bytes.Length, new FileInfo(segment).Length);
        Assert.NotEmpty((await Asking.AskAsync(conversation, "what color is the circle at second 2?")).Final.Evidence);

        // A report about a cache of another model changes nothing; the first video's reference survived the rebuild.
        var unchanged = await first.RebuildDamagedCacheAsync("sha256:" + new string('0', 64), "a cache this video does not use");
        Assert.Equal(VideoStatus.Indexed, unchanged.Status);
        await second.DeleteAsync();
        var conversationOfFirst = await Cluster.StartConversationAsync(firstId);
        Assert.NotEmpty((await Asking.AskAsync(conversationOfFirst, "how many objects are there at second 2?")).Final.Evidence);
        Assert.NotEmpty(Stored("*.kv"));
    }

    [Fact]
    public async Task AConversation_OverTwoVideos_DrawsOnBoth_AndHoldsBothContexts()
    {
        var (aId, bId) = (GrainKeys.NewId(), GrainKeys.NewId());
        await IndexAsync(aId, await GenerateAsync(seed: 33, seconds: 8));
        await IndexAsync(bId, await GenerateAsync(seed: 34, seconds: 12));
        const string Question = "what color is the circle at second 3?";

        async Task<AnswerResult> AskAboutAsync(params string[] videoIds)
        {
            return (await Asking.AskAsync(await Cluster.StartConversationAsync(videoIds), Question)).Final;
        }

        var onlyA = await AskAboutAsync(aId);
        var onlyB = await AskAboutAsync(bId);
        var both = await AskAboutAsync(aId, bId);

        Assert.Equal(onlyA.Stats.VisualTokens + onlyB.Stats.VisualTokens, both.Stats.VisualTokens);
        Assert.All(both.Evidence, e => Assert.Contains(e.VideoId, new[] { aId, bId }));
        Assert.All(both.Evidence.Where(e => e.VideoId == bId), e => Assert.InRange(e.TimestampSeconds, 0, 11));
        Assert.All(both.Evidence.Where(e => e.VideoId == aId), e => Assert.InRange(e.TimestampSeconds, 0, 7));
    }

    [Fact]
    public async Task AnotherTenant_CannotNameTheVideo()
    {
        var videoId = GrainKeys.NewId();
        await IndexAsync(videoId, await GenerateAsync(seed: 35, seconds: 8));
        var other = TenantId.Parse("globex");

        Assert.Null(await Cluster.Grains.GetGrain<IVideoGrain>(GrainKeys.For(other, videoId)).GetInfoAsync());
        var conversation = Cluster.Grains.GetGrain<IConversationGrain>(GrainKeys.For(other, GrainKeys.NewId()));
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => conversation.StartAsync([videoId]));
        Assert.Equal("video", error.Kind);
    }
}
