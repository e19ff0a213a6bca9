using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SparseVila.Silo.Health;

namespace SparseVila.Silo.Hosting;

/// <summary>The one way a process hosts a SparseVila silo: the Silo host and the Gateway's embedded default alike.</summary>
public static class HostApplicationBuilderExtensions
{
    /// <summary>
    /// Reads and validates the configuration (failing at start with a message naming any bad setting),
    /// then hosts an Orleans silo configured from it, with its health checks.
    /// </summary>
    public static HostingSettings AddSparseVilaSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = HostingSettings.Load(builder.Configuration, builder.Environment.ContentRootPath);
        // AddOrleans, not UseOrleans: UseOrleans hands Orleans the host configuration, and Orleans' own
        // configuration-driven provider model would then read the "Orleans" section (it expects
        // Orleans:Clustering:ProviderType, where ours is Orleans:Clustering = Localhost | Redis).
        // HostingSettings is the only reader of that section; the silo gets what it says, explicitly.
        builder.Services.AddOrleans(silo => silo.UseSparseVilaClustering(settings).AddSparseVila(settings, builder.Configuration));
        builder.Services.AddHealthChecks()
            .AddCheck<SiloActiveHealthCheck>("silo", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<StorageWritableHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHostedService<ListeningAddressReporter>();
        return settings;
    }
}
