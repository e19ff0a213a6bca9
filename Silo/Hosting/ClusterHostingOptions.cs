namespace SparseVila.Silo.Hosting;

/// <summary>How the silo joins its cluster. Bound from the <c>Orleans</c> configuration section.</summary>
public sealed class ClusterHostingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Orleans";

    /// <summary>One machine, in-memory membership: the embedded default.</summary>
    public const string LocalhostClustering = "Localhost";

    /// <summary>Membership (and reminders) in Redis, for a multi-host cluster.</summary>
    public const string RedisClustering = "Redis";

    /// <summary><see cref="LocalhostClustering"/> (default) or <see cref="RedisClustering"/>.</summary>
    public string Clustering { get; set; } = LocalhostClustering;

    /// <summary>The Orleans cluster id: silos with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "sparsevila";

    /// <summary>The Orleans service id: stable across deployments, keys persisted state.</summary>
    public string ServiceId { get; set; } = "sparsevila";

    /// <summary>The silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port cluster clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (with <see cref="RedisClustering"/>); empty: Orleans picks
    /// this host's first non-loopback address. A local cluster on one machine sets 127.0.0.1.
    /// </summary>
    public string AdvertisedIPAddress { get; set; } = string.Empty;

    /// <summary>
    /// The Redis connection (StackExchange.Redis syntax, <c>host:port,password=…</c>) for <see cref="RedisClustering"/>:
    /// membership and reminders. Bound from <c>ConnectionStrings:Redis</c>, never echoed in errors.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>The connection-string name of <see cref="RedisConnectionString"/>.</summary>
    public const string RedisConnectionStringName = "Redis";
}
