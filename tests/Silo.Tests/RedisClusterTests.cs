using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SparseVila.Contracts.Videos;
using SparseVila.Silo.Hosting;
using SparseVila.Testing;

namespace SparseVila.Silo.Tests;

/// <summary>
/// <c>Orleans:Clustering=Redis</c> against Debian's redis-server on loopback: silos hosted exactly as the Silo host
/// hosts them find each other through Redis, a cluster client (the Gateway without a silo) joins the same way, and
/// reminders live in Redis, so they outlast every silo.
/// </summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("sparsevila-redis-cluster-");
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private readonly List<IHost> _hosts = [];
    private RedisProcess _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await StopAsync(host);
        }

        await _redis.DisposeAsync();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task TwoSilosAndAClient_FormOneClusterThroughRedis()
    {
        await StartSiloAsync();
        await StartSiloAsync();
        var client = await StartClientAsync();

        var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(true, TestContext.Current.CancellationToken);
        var catalog = client.Services.GetRequiredService<IClusterClient>().GetGrain<IVideoCatalogGrain>("tenant-a");
        await catalog.AddAsync(new VideoCatalogEntry("v1", "a.mp4", DateTimeOffset.UnixEpoch));
        var page = await catalog.ListAsync(10, after: null);
        var ready = await client.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, hosts.Count);
        Assert.Equal("v1", Assert.Single(page.Entries).VideoId);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Contains("2 silo(s) active", ready.Entries["cluster"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_AreKeptInRedis_WhenEverySiloHasStopped()
    {
        var firstSilo = await StartSiloAsync();
        var firstClient = await StartClientAsync();
        await firstClient.Services.GetRequiredService<IClusterClient>().GetGrain<IReminderProbeGrain>("probe").RegisterAsync("resume");
        await StopAsync(firstClient);
        await StopAsync(firstSilo);

        await StartSiloAsync();
        var client = await StartClientAsync();
        var probe = client.Services.GetRequiredService<IClusterClient>().GetGrain<IReminderProbeGrain>("probe");

        Assert.True(await probe.HasAsync("resume"));
        Assert.False(await probe.HasAsync("never-registered"));
    }

    private string[] Settings(params string[] extra) =>
    [
        "--Orleans:Clustering=Redis", $"--ConnectionStrings:Redis={_redis.ConnectionString}", $"--Orleans:ClusterId={_clusterId}",
        "--Orleans:AdvertisedIPAddress=127.0.0.1", $"--Storage:FileSystem:RootPath={_data.FullName}", "--Urls=http://127.0.0.1:0",
        "--Logging:LogLevel:Default=Warning", .. extra,
    ];

    /// <summary>A silo hosted as the Silo host hosts it (gpu role: its model is only loaded on first use, which these tests never make).</summary>
    private async Task<IHost> StartSiloAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = Settings($"--Orleans:SiloPort={Port()}", $"--Orleans:GatewayPort={Port()}", "--Silo:Role=gpu"),
        });
        builder.AddSparseVilaSilo();
        var app = builder.Build();
        _hosts.Add(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>A cluster client hosted as the Gateway hosts it with <c>Gateway:Silo=None</c>.</summary>
    private async Task<IHost> StartClientAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Settings() });
        builder.AddSparseVilaClusterClient();
        var app = builder.Build();
        _hosts.Add(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private async Task StopAsync(IHost host)
    {
        if (_hosts.Remove(host))
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private static string Port() => Loopback.FreePort().ToString(CultureInfo.InvariantCulture);
}
