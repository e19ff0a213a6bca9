using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using SparseVila.Contracts;
using SparseVila.Grains.Hosting;
using SparseVila.Grains.Storage;

namespace SparseVila.Silo.Hosting;

/// <summary>Puts a SparseVila silo together from <see cref="HostingSettings"/>.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Clustering as configured. Separate from <see cref="AddSparseVila"/> so that a test cluster
    /// (Orleans.TestingHost), which brings its own membership, can use everything else unchanged.
    /// </summary>
    public static ISiloBuilder UseSparseVilaClustering(this ISiloBuilder silo, HostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        switch (cluster.Clustering)
        {
            case ClusterHostingOptions.LocalhostClustering:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primarySiloEndpoint: null,
                    serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                silo.Configure<EndpointOptions>(options => options.AdvertisedIPAddress = IPAddress.Loopback);
                silo.UseInMemoryReminderService();
                return silo;
            case ClusterHostingOptions.RedisClustering:
                var redis = StackExchange.Redis.ConfigurationOptions.Parse(cluster.RedisConnectionString!);
                silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
                silo.Configure<EndpointOptions>(options =>
                {
                    options.SiloPort = cluster.SiloPort;
                    options.GatewayPort = cluster.GatewayPort;
                    if (cluster.AdvertisedIPAddress.Length > 0)
                    {
                        options.AdvertisedIPAddress = IPAddress.Parse(cluster.AdvertisedIPAddress);
                    }
                });
                // Each provider gets its own copy: the options object is not meant to be shared.
                silo.UseRedisClustering(options => options.ConfigurationOptions = redis.Clone());
                silo.UseRedisReminderService(options => options.ConfigurationOptions = redis.Clone());
                return silo;
            default:
                // HostingSettings.Load rejects every other value; reaching here is a bug, not bad input.
                throw new InvalidOperationException($"Clustering '{cluster.Clustering}' passed validation but has no registration.");
        }
    }

    /// <summary>
    /// The silo's role metadata, blob store, default grain storage (<see cref="BlobGrainStorage"/> on that
    /// store) and services: everything but clustering. The grain services read <paramref name="configuration"/>
    /// (the host's; <c>services.AddOrleans</c> gives the silo builder a configuration of its own that lacks the
    /// host's later sources, such as a test's settings), or the silo builder's when none is given.
    /// </summary>
    public static ISiloBuilder AddSparseVila(this ISiloBuilder silo, HostingSettings settings, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        silo.UseSiloMetadata(new Dictionary<string, string> { [SiloRoles.MetadataKey] = settings.Silo.Role });
        silo.Services.AddSingleton(Options.Create(settings.Silo));
        silo.Services.AddSingleton(Options.Create(settings.Storage));
        silo.Services.AddSingleton(Options.Create(settings.Engine));
        silo.Services.AddSparseVilaBlobStore(settings.Storage);
        silo.AddBlobGrainStorageAsDefault();
        silo.AddSparseVilaGrainServices(configuration ?? silo.Configuration);
        return silo;
    }

    /// <summary>
    /// The configured <see cref="IBlobStore"/>: uploads, visual caches, grain state and the readiness
    /// probe all use this one store.
    /// </summary>
    public static IServiceCollection AddSparseVilaBlobStore(this IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        IBlobStore store = storage.Provider switch
        {
            StorageOptions.FileSystemProvider => new FileSystemBlobStore(storage.FileSystem),
            StorageOptions.AzureBlobProvider => new AzureBlobStore(storage.AzureBlob),
            // HostingSettings.Load rejects every other value; reaching here is a bug, not bad input.
            _ => throw new InvalidOperationException($"Storage provider '{storage.Provider}' passed validation but has no registration."),
        };
        return services.AddSingleton(store);
    }
}
