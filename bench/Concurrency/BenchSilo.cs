using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SparseVila.Contracts;
using SparseVila.Contracts.Videos;
using SparseVila.Grains.Storage;
using SparseVila.Silo.Hosting;

namespace SparseVila.Bench.Concurrency;

/// <summary>
/// One silo in this process, put together exactly as the service's (<see cref="SparseVila.Silo.Hosting.SiloBuilderExtensions"/>): localhost
/// clustering on free loopback ports, the filesystem store under a folder, the given model. Grains are reached through
/// the silo's own grain factory.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public T Service<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Starts a gpu-role silo serving the checkpoint at <paramref name="modelFolder"/>, storing under <paramref name="dataFolder"/>.</summary>
    public static async Task<BenchSilo> StartAsync(string modelFolder, string dataFolder, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:Role"] = SiloRoles.Gpu,
            ["Storage:FileSystem:RootPath"] = dataFolder,
            ["Inference:ModelFolder"] = modelFolder,
        });
        var settings = HostingSettings.Load(builder.Configuration, AppContext.BaseDirectory);
        builder.UseOrleans(silo => silo.UseSparseVilaClustering(settings).AddSparseVila(settings));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new BenchSilo(host);
    }

    /// <summary>Stores <paramref name="videoPath"/> as an upload of <paramref name="tenant"/>, registers it and indexes it; returns its id once indexed.</summary>
    public async Task<string> UploadAndIndexAsync(TenantId tenant, string videoPath, CancellationToken cancellationToken)
    {
        var videoId = GrainKeys.NewId();
        var blobName = $"{tenant.Value}/uploads/{videoId}";
        var bytes = await File.ReadAllBytesAsync(videoPath, cancellationToken).ConfigureAwait(false);
        using (var content = new MemoryStream(bytes))
        {
            await Service<IBlobStore>().WriteAsync(blobName, content, BlobCondition.None, cancellationToken).ConfigureAwait(false);
        }

        var video = Grains.GetGrain<IVideoGrain>(GrainKeys.For(tenant, videoId));
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        await video.RegisterAsync(new VideoSource(tenant, Path.GetFileName(videoPath), blobName, hash, bytes.Length)).ConfigureAwait(false);
        await video.StartIndexingAsync(IndexingOptions.Default).ConfigureAwait(false);
        var info = await IndexingWaiter.UntilSettledAsync(Grains, video, cancellationToken).ConfigureAwait(false);
        return info.Status == VideoStatus.Indexed ? videoId : throw new InvalidOperationException($"Indexing the benchmark video ended {info.Status}: {info.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
