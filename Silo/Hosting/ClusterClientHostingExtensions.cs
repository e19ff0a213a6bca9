using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using SparseVila.Silo.Health;

namespace SparseVila.Silo.Hosting;

/// <summary>A process that talks to a SparseVila cluster without hosting a silo (a Gateway in front of a cluster).</summary>
public static class ClusterClientHostingExtensions
{
    /// <summary>
    /// Reads and validates the clustering and storage settings, then adds an Orleans cluster client joined the way the
    /// silos are (the same <c>Orleans</c> settings), the blob store (uploads go straight to it), and readiness checks
    /// (the cluster answers; storage is writable).
    /// </summary>
    public static HostingSettings AddSparseVilaClusterClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = HostingSettings.Load(builder.Configuration, builder.Environment.ContentRootPath, forClient: true);
        builder.Services.AddOrleansClient(client => client.UseSparseVilaClustering(settings));
        builder.Services.AddSparseVilaBlobStore(settings.Storage);
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterReachableHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<StorageWritableHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHostedService<ListeningAddressReporter>();
        return settings;
    }

    /// <summary>The client's side of <see cref="SiloBuilderExtensions.UseSparseVilaClustering"/>.</summary>
    public static IClientBuilder UseSparseVilaClustering(this IClientBuilder client, HostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        switch (cluster.Clustering)
        {
            case ClusterHostingOptions.LocalhostClustering:
                return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            case ClusterHostingOptions.RedisClustering:
                var redis = StackExchange.Redis.ConfigurationOptions.Parse(cluster.RedisConnectionString!);
                client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
                return client.UseRedisClustering(options => options.ConfigurationOptions = redis);
            default:
                // HostingSettings.Load rejects every other value; reaching here is a bug, not bad input.
                throw new InvalidOperationException($"Clustering '{cluster.Clustering}' passed validation but has no registration.");
        }
    }
}
