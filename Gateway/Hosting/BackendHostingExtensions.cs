using SparseVila.Silo.Hosting;

namespace SparseVila.Gateway.Hosting;

/// <summary>What the Gateway talks to: a silo in its own process (the single-machine default) or a cluster, as its client.</summary>
public static class BackendHostingExtensions
{
    /// <summary>The configuration key of the choice.</summary>
    public const string SiloKey = GatewayOptions.SectionName + ":" + nameof(GatewayOptions.Silo);

    /// <summary>Hosts a silo (<see cref="GatewayOptions.InProcessSilo"/>) or joins the cluster as a client (<see cref="GatewayOptions.NoSilo"/>).</summary>
    public static HostingSettings AddSparseVilaBackend(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var choice = builder.Configuration[SiloKey] ?? GatewayOptions.InProcessSilo;
        if (string.Equals(choice, GatewayOptions.InProcessSilo, StringComparison.OrdinalIgnoreCase))
        {
            return builder.AddSparseVilaSilo();
        }

        return string.Equals(choice, GatewayOptions.NoSilo, StringComparison.OrdinalIgnoreCase)
            ? builder.AddSparseVilaClusterClient()
            : throw new HostingConfigurationException(
                [$"{SiloKey} is '{choice}'; use {GatewayOptions.InProcessSilo} (host a silo) or {GatewayOptions.NoSilo} (a client of a cluster)."]);
    }
}
