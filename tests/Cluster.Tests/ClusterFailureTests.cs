using System.Text.RegularExpressions;
using SparseVila.Engine.Storage;
using SparseVila.Grains.Storage;
using SparseVila.Testing;

namespace SparseVila.Cluster.Tests;

/// <summary>
/// The cluster as separate processes, and silos killed with SIGKILL: nothing uploaded, indexed or said is lost, no segment
/// is stored twice, and a killed silo started again rejoins.
/// </summary>
public sealed partial class ClusterFailureTests(ClusterAssets assets) : IClassFixture<ClusterAssets>, IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await LocalCluster.StartAsync(
        assets.ModelFolder, gpuSilos: 2,
        // Small segments: indexing commits often, so a silo killed mid-indexing leaves a committed prefix to resume from.
        "--VisualCache:FramesPerSegment=2",
        // Segment writes are logged at debug level: the test counts them.
        "--Logging:LogLevel:SparseVila.Grains.VisualCache=Debug");

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task KillingAGpuSiloDuringIndexing_LosesNothingAndStoresEverySegmentOnce()
    {
        using var client = new ClusterClient(_cluster.GatewayAddress);
        var ids = new List<string>();
        foreach (var video in assets.Videos)
        {
            ids.Add(await client.UploadAsync(video));
        }

        // The silo that writes the first segment is indexing: kill it then.
        var victim = await SiloWritingFirstSegmentAsync();
        await _cluster.KillAsync(victim);

        foreach (var id in ids)
        {
            Assert.Equal("indexed", await client.WaitSettledAsync(id));
        }

        // What is stored, read from the store itself: 3 videos × 64 frames at 1 fps in segments of 2 frames, and a manifest each.
        var store = new AzureBlobStore(new AzureBlobStoreOptions { ConnectionString = _cluster.BlobConnectionString, ContainerName = LocalCluster.BlobContainerName });
        var stored = await store.ListAsync("", TestContext.Current.CancellationToken).Select(b => b.Name).ToListAsync(TestContext.Current.CancellationToken);
        var segments = stored.Where(name => name.EndsWith(".kv", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 * 32, segments.Count);
        Assert.Equal(3, stored.Count(name => name.EndsWith("/" + KvManifest.FileName, StringComparison.Ordinal)));

        // Every segment write that was logged stored a segment that is there, and none was written twice. (A write is
        // logged after it completes, and a killed silo can lose the last lines it logged, so the logs may hold fewer
        // writes than the store holds segments; never more, never one twice.)
        var writes = _cluster.LogLines().Select(line => SegmentWritten().Match(line)).Where(m => m.Success).GroupBy(m => m.Groups["blob"].Value).ToList();
        Assert.All(writes, w => Assert.True(w.Count() == 1, $"{w.Key} was written {w.Count()} times"));
        Assert.Subset(segments.ToHashSet(StringComparer.Ordinal), writes.Select(w => w.Key).ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task KillingTheSiloOfAConversation_TheNextQuestionIsAnsweredWithTheHistory_AndTheSiloRejoins()
    {
        using var client = new ClusterClient(_cluster.GatewayAddress);
        var video = await client.UploadAsync(assets.Videos[0]);
        Assert.Equal("indexed", await client.WaitSettledAsync(video));
        var conversation = await client.StartConversationAsync(video);
        await client.AskAsync(conversation, "how many objects are there at second 3?");

        // Each silo is killed in turn, so the conversation's silo is killed whichever it was.
        var questions = new List<string> { "how many objects are there at second 3?" };
        foreach (var silo in _cluster.Silos.ToList())
        {
            await _cluster.KillAsync(silo);
            var question = $"what shape is at the center at second {questions.Count}?";
            var answer = await client.AskAsync(conversation, question);
            questions.Add(question);
            Assert.False(string.IsNullOrEmpty(answer.GetProperty("answer").GetString()));
            await _cluster.StartSiloAsync(silo);
        }

        var history = await client.ConversationAsync(conversation);
        Assert.Equal(questions, history.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("question").GetString()));
        var readiness = await client.ReadinessAsync();
        Assert.Equal("Healthy", readiness.GetProperty("status").GetString());
        Assert.Contains("2 silo(s) active", readiness.GetProperty("checks").GetProperty("cluster").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Waits (reading the silos' logs as they grow, bounded) until a silo logs its first segment write; its name.</summary>
    private async Task<string> SiloWritingFirstSegmentAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var silo in _cluster.Silos)
            {
                if (_cluster.LogLines(silo).Any(line => SegmentWritten().IsMatch(line)))
                {
                    return silo;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("No silo wrote a segment within 2 minutes.");
    }

    [GeneratedRegex(@"Wrote KV segment (?<blob>\S+):")]
    private static partial Regex SegmentWritten();
}
