using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Errors;
using SparseVila.Contracts.Videos;
using SparseVila.Grains.Contexts;
using SparseVila.Grains.Placement;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>Index a generated video on a two-silo cluster, then hold conversations about it.</summary>
public sealed class IndexingAndConversationTests : IAsyncLifetime
{
    private EngineCluster? _cluster;

    private EngineCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async ValueTask InitializeAsync() => _cluster = await EngineCluster.StartAsync(silos: 2);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Index_ThenAsk_ThenFollowUp_StreamsAnswersWithEvidence_AndKeepsTheHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        var (videoId, video) = await IndexedVideoAsync(seconds: 12, seed: 11, ct);
        var info = await video.GetInfoAsync();
        Assert.Equal(new IndexingProgress(12, 12, 3), info!.Progress);                               // 12 frames at 1 fps, 4 a segment

        var conversation = await StartConversationAsync(videoId);
        var first = await Asking.AskAsync(conversation, "how many objects are there at second 3?");
        var second = await Asking.AskAsync(conversation, "what color is the circle at second 5?");

        foreach (var (text, final, chunks) in new[] { first, second })
        {
            Assert.Equal(final.Answer, text.Trim());
            Assert.True(chunks >= 2, "the answer streams before its final result");
            Assert.True(final.Stats.VisualTokens > 0);
            Assert.InRange(final.Stats.RetrievedTokens, 1, final.Stats.VisualTokens);
            Assert.NotEmpty(final.Evidence);
            Assert.All(final.Evidence, e => Assert.Equal(videoId, e.VideoId));
            Assert.All(final.Evidence, e => Assert.InRange(e.TimestampSeconds, 0, 11));
        }

        var history = await conversation.GetInfoAsync();
        Assert.Equal(["how many objects are there at second 3?", "what color is the circle at second 5?"], history!.Turns.Select(t => t.Question));
        Assert.Equal([first.Final.Answer, second.Final.Answer], history.Turns.Select(t => t.Answer));
    }

    [Fact]
    public async Task TwoConversations_OnOneVideo_ShareOneRehydratedContext()
    {
        var ct = TestContext.Current.CancellationToken;
        var (videoId, _) = await IndexedVideoAsync(seconds: 8, seed: 12, ct);

        var a = await StartConversationAsync(videoId);
        var b = await StartConversationAsync(videoId);
        var answerA = await Asking.AskAsync(a, "what shape is at the center at second 2?");
        var answerB = await Asking.AskAsync(b, "what shape is at the center at second 2?");

        var silo = Cluster.SiloFor(GrainKeys.For(EngineCluster.Tenant, videoId));
        var stats = EngineCluster.Service<VisualContextCache>(silo).Stats;
        Assert.Equal(1, stats.Misses);                                                              // read from storage once
        Assert.True(stats.Hits >= 1);
        Assert.Equal(1, stats.Contexts);
        Assert.Equal(answerA.Final.Answer, answerB.Final.Answer);                                   // same context, same question
    }

    [Fact]
    public async Task StartingAConversation_OverAVideoNotIndexed_OrUnknown_Throws()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(Cluster.Folder.FullName, "videos-not-indexed")).FullName;
        var path = await GeneratedVideos.WriteAsync(folder, seed: 13, seconds: 8, ct);
        var videoId = GrainKeys.NewId();
        await Cluster.UploadAsync(videoId, path, ct);

        var notReady = await Assert.ThrowsAsync<VideoNotReadyException>(() => StartConversationAsync(videoId));
        Assert.Equal(VideoStatus.Uploaded, notReady.Status);
        var unknown = await Assert.ThrowsAsync<ResourceNotFoundException>(() => StartConversationAsync(GrainKeys.NewId()));
        Assert.Equal("video", unknown.Kind);
    }

    [Fact]
    public async Task ASecondVideo_WithTheSameBytes_ReusesTheCache_WithoutIndexing()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(Cluster.Folder.FullName, "videos-same")).FullName;
        var path = await GeneratedVideos.WriteAsync(folder, seed: 14, seconds: 8, ct);
        var first = await Cluster.IndexAsync(GrainKeys.NewId(), path, ct);
        var writes = Cluster.Segments.Writes.Values.Sum();

        var second = await Cluster.IndexAsync(GrainKeys.NewId(), path, ct);                       // fails unless it ends indexed

        Assert.Equal(writes, Cluster.Segments.Writes.Values.Sum());                                 // no segment written again
        Assert.Equal((await first.GetIndexAsync()).ContentHash, (await second.GetIndexAsync()).ContentHash);
    }

    private async Task<(string Id, IVideoGrain Video)> IndexedVideoAsync(int seconds, int seed, CancellationToken ct)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Cluster.Folder.FullName, $"videos-{seed}")).FullName;
        var videoId = GrainKeys.NewId();
        return (videoId, await Cluster.IndexAsync(videoId, await GeneratedVideos.WriteAsync(folder, seed, seconds, ct), ct));
    }

    private Task<IConversationGrain> StartConversationAsync(string videoId) => Cluster.StartConversationAsync(videoId);
}
