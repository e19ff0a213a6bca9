using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Videos;
using SparseVila.Engine.Storage;
using SparseVila.Grains.Placement;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>A gpu silo dies under an indexing run or a conversation; the cluster carries on with nothing lost.</summary>
public sealed class SiloFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task KillingTheSilo_DuringIndexing_IndexingCompletesElsewhere_EachSegmentStoredOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await EngineCluster.StartAsync(silos: 3);
        var folder = Directory.CreateDirectory(Path.Combine(cluster.Folder.FullName, "videos")).FullName;
        var path = await GeneratedVideos.WriteAsync(folder, seed: 21, seconds: 40, ct);
        var videoId = cluster.VideoIdOnSecondary();
        var video = await cluster.UploadAsync(videoId, path, ct);
        var victim = cluster.SiloFor(GrainKeys.For(EngineCluster.Tenant, videoId));
        cluster.Segments.HoldFromSegment = 3;                                                      // segments 0-2 commit, then the run waits

        await video.StartIndexingAsync(IndexingOptions.Default);
        await cluster.Segments.Held.WaitAsync(Timeout, ct);
        Assert.Equal(3, (await video.GetInfoAsync())!.Progress.SegmentsCommitted);
        await cluster.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        cluster.Segments.Release();
        var info = await VideoWatcher.UntilAsync(cluster.Cluster, video, EngineCluster.IsSettled, Timeout);

        Assert.True(info.Status == VideoStatus.Indexed, $"indexing ended {info.Status}: {info.Error}");
        Assert.Equal(new IndexingProgress(40, 40, 10), info.Progress);
        Assert.Equal(Enumerable.Range(0, 10).Select(KvManifestSegment.FileNameOf).Order(), cluster.Segments.Writes.Keys.Select(Path.GetFileName).Order());
        Assert.All(cluster.Segments.Writes.Values, count => Assert.Equal(1, count));
        Assert.NotEqual(victim.SiloAddress, cluster.SiloFor(GrainKeys.For(EngineCluster.Tenant, videoId)).SiloAddress);
    }

    [Fact]
    public async Task KillingTheSilo_OfAConversation_TheNextQuestionIsAnswered_AsIfNothingHappened()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await EngineCluster.StartAsync(silos: 3);
        var folder = Directory.CreateDirectory(Path.Combine(cluster.Folder.FullName, "videos")).FullName;
        var path = await GeneratedVideos.WriteAsync(folder, seed: 22, seconds: 8, ct);
        var videoId = cluster.VideoIdOnSecondary();
        var video = await cluster.UploadAsync(videoId, path, ct);
        await video.StartIndexingAsync(IndexingOptions.Default);
        Assert.Equal(VideoStatus.Indexed, (await VideoWatcher.UntilAsync(cluster.Cluster, video, EngineCluster.IsSettled, Timeout)).Status);
        var victim = cluster.SiloFor(GrainKeys.For(EngineCluster.Tenant, videoId));
        const string First = "what shape is at the top left at second 1?";
        const string Second = "how many objects are there at second 4?";

        var moved = await cluster.StartConversationAsync(videoId);
        var before = await Asking.AskAsync(moved, First);
        await cluster.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        var after = await Asking.AskAsync(moved, Second);

        // A conversation that never moved, asked the same, answers the same: the history was replayed exactly.
        var control = await cluster.StartConversationAsync(videoId);
        var controlFirst = await Asking.AskAsync(control, First);
        var controlSecond = await Asking.AskAsync(control, Second);
        Assert.Equal(controlFirst.Final.Answer, before.Final.Answer);
        Assert.Equal(controlSecond.Final.Answer, after.Final.Answer);
        // The same moments; scores equal but for float rounding (the replay prefills an answer at once, decoding fed it token by token).
        Assert.Equal(controlSecond.Final.Evidence.Select(e => (e.VideoId, e.TimestampSeconds)), after.Final.Evidence.Select(e => (e.VideoId, e.TimestampSeconds)));
        Assert.All(controlSecond.Final.Evidence.Zip(after.Final.Evidence), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
        var history = await moved.GetInfoAsync();
        Assert.Equal([First, Second], history!.Turns.Select(t => t.Question));
    }
}
