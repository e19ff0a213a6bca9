using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Videos;
using SparseVila.Grains.Placement;
using SparseVila.Grains.Storage;
using SparseVila.Training.Demo;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>
/// A TestCluster of silos that run the engine: the project's hosting, a random demo-architecture model, storage in a
/// temporary folder of its own, segment writes recorded. Disposing stops the silos and deletes the folder.
/// </summary>
internal sealed class EngineCluster : IAsyncDisposable
{
    /// <summary>The configuration key listing (comma-separated) the silo names that are web silos.</summary>
    public const string WebSilosKey = "Test:WebSilos";

    /// <summary>The tenant of the tests' videos.</summary>
    public static TenantId Tenant { get; } = TenantId.Parse("acme");

    private EngineCluster(TestCluster cluster, DirectoryInfo folder, SegmentWriteLog segments) => (Cluster, Folder, Segments) = (cluster, folder, segments);

    public TestCluster Cluster { get; }

    /// <summary>The cluster's folder: <c>data</c> (the store) and <c>model</c>.</summary>
    public DirectoryInfo Folder { get; }

    public string DataFolder => Path.Combine(Folder.FullName, "data");

    public SegmentWriteLog Segments { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>
    /// Deploys <paramref name="silos"/> silos, the last <paramref name="webSilos"/> of them web silos, storing segments of
    /// <paramref name="framesPerSegment"/> frames.
    /// </summary>
    public static async Task<EngineCluster> StartAsync(int silos, int webSilos = 0, int framesPerSegment = 4)
    {
        var folder = Directory.CreateTempSubdirectory("sparsevila-engine-cluster-");
        var model = Path.Combine(folder.FullName, "model");
        await DemoCheckpoint.WriteRandomAsync(model);
        var data = Path.Combine(folder.FullName, "data");
        var names = Enumerable.Range(silos - webSilos, webSilos).Select(i => $"Secondary_{i}");
        var builder = new TestClusterBuilder((short)silos);
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:FileSystem:RootPath"] = data,
            ["Inference:ModelFolder"] = model,
            ["VisualCache:FramesPerSegment"] = framesPerSegment.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WebSilosKey] = string.Join(',', names),
        }));
        builder.AddSiloBuilderConfigurator<EngineHostingConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new EngineCluster(cluster, folder, SegmentWriteLog.For(data));
    }

    /// <summary>The silo that hosts a grain whose affinity key is <paramref name="key"/> (see <see cref="PlacementAffinity"/>).</summary>
    public SiloHandle SiloFor(string key)
    {
        var gpu = Cluster.Silos.Where(s => !IsWeb(s)).Select(s => s.SiloAddress).OrderBy(a => a.ToParsableString()).ToList();
        var address = PlacementAffinity.Choose(key, gpu);
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(address));
    }

    /// <summary>A new video id whose grain lands on a secondary gpu silo (one a test may kill).</summary>
    public string VideoIdOnSecondary()
    {
        while (true)
        {
            var id = GrainKeys.NewId();
            if (SiloFor(GrainKeys.For(Tenant, id)) != Cluster.Primary)
            {
                return id;
            }
        }
    }

    public static T Service<T>(SiloHandle silo)
        where T : notnull => ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<T>();

    /// <summary>Stores <paramref name="videoPath"/> as an upload of <see cref="Tenant"/> and registers it as <paramref name="videoId"/>.</summary>
    public async Task<IVideoGrain> UploadAsync(string videoId, string videoPath, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(videoPath, cancellationToken);
        var blobName = $"{Tenant.Value}/uploads/{videoId}";
        var store = new FileSystemBlobStore(new FileSystemStorageOptions { RootPath = DataFolder });
        using (var content = new MemoryStream(bytes))
        {
            await store.WriteAsync(blobName, content, BlobCondition.None, cancellationToken);
        }

        var hash = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var video = Grains.GetGrain<IVideoGrain>(GrainKeys.For(Tenant, videoId));
        await video.RegisterAsync(new VideoSource(Tenant, Path.GetFileName(videoPath), blobName, hash, bytes.Length));
        return video;
    }

    /// <summary>Uploads <paramref name="videoPath"/> as <paramref name="videoId"/>, indexes it and waits; fails unless it ends indexed.</summary>
    public async Task<IVideoGrain> IndexAsync(string videoId, string videoPath, CancellationToken cancellationToken)
    {
        var video = await UploadAsync(videoId, videoPath, cancellationToken);
        var started = await video.StartIndexingAsync(IndexingOptions.Default);
        Assert.NotEqual(VideoStatus.Uploaded, started.Status);
        var info = await VideoWatcher.UntilAsync(Cluster, video, IsSettled, IndexingTimeout);
        Assert.True(info.Status == VideoStatus.Indexed, $"indexing ended {info.Status}: {info.Error}");
        return video;
    }

    /// <summary>Starts a conversation of <see cref="Tenant"/> about <paramref name="videoIds"/>, placed beside the first video's context.</summary>
    public async Task<IConversationGrain> StartConversationAsync(params string[] videoIds)
    {
        PlacementAffinity.Set(GrainKeys.For(Tenant, videoIds[0]));
        try
        {
            var conversation = Grains.GetGrain<IConversationGrain>(GrainKeys.For(Tenant, GrainKeys.NewId()));
            await conversation.StartAsync(videoIds);
            return conversation;
        }
        finally
        {
            PlacementAffinity.Clear();
        }
    }

    /// <summary>How long a test waits for a video's indexing to settle.</summary>
    public static TimeSpan IndexingTimeout { get; } = TimeSpan.FromMinutes(3);

    /// <summary>Indexing has ended, one way or the other.</summary>
    public static bool IsSettled(VideoInfo info) => info.Status is VideoStatus.Indexed or VideoStatus.Failed;

    public static bool IsWeb(SiloHandle silo) => Service<IOptions<SiloRoleOptions>>(silo).Value.Role == SiloRoles.Web;

    public async ValueTask DisposeAsync()
    {
        Segments.Release();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        SegmentWriteLog.Remove(DataFolder);
        Folder.Delete(recursive: true);
    }
}
