using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Engine.Devices;
using SparseVila.Grains.Placement;
using SparseVila.Grains.Storage;

namespace SparseVila.Silo.Hosting;

/// <summary>
/// Every setting that decides how a silo is put together, bound and validated in one place at start.
/// A value that is not implemented is rejected here, naming the setting; nothing falls back silently.
/// </summary>
public sealed record HostingSettings(ClusterHostingOptions Cluster, SiloRoleOptions Silo, StorageOptions Storage, EngineDeviceOptions Engine)
{
    /// <summary>Binds the settings from <paramref name="configuration"/> and validates them.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="contentRootPath">Relative data folders are resolved against this.</param>
    /// <exception cref="HostingConfigurationException">A setting is unknown or not implemented yet.</exception>
    public static HostingSettings Load(IConfiguration configuration, string contentRootPath) => Load(configuration, contentRootPath, forClient: false);

    /// <summary>
    /// As <see cref="Load(IConfiguration, string)"/>; <paramref name="forClient"/> loads what a cluster client (a Gateway
    /// without a silo) needs: clustering and storage, not the silo's role or engine device.
    /// </summary>
    public static HostingSettings Load(IConfiguration configuration, string contentRootPath, bool forClient)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        var silo = configuration.GetSection(SiloRoleOptions.SectionName).Get<SiloRoleOptions>() ?? new();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        var engine = configuration.GetSection(EngineDeviceOptions.SectionName).Get<EngineDeviceOptions>() ?? new();

        var problems = new List<string>();
        cluster.Clustering = CheckChoice(problems, "Orleans:Clustering", cluster.Clustering,
            implemented: [ClusterHostingOptions.LocalhostClustering, ClusterHostingOptions.RedisClustering], planned: []);
        CheckClustering(problems, cluster, configuration);
        storage.Provider = CheckChoice(problems, "Storage:Provider", storage.Provider,
            implemented: [StorageOptions.FileSystemProvider, StorageOptions.AzureBlobProvider], planned: []);
        CheckStore(problems, storage, configuration);
        if (forClient)
        {
            // A client hosts no silo: its role and engine device do not apply.
        }
        else if (!SiloRoles.IsKnown(silo.Role))
        {
            problems.Add($"Silo:Role is '{silo.Role}'; use one of: {string.Join(", ", SiloRoles.All)}.");
        }

        else if (silo.Role == SiloRoles.Gpu)
        {
            CheckEngineDevice(problems, engine);
        }

        CheckPort(problems, "Orleans:SiloPort", cluster.SiloPort);
        CheckPort(problems, "Orleans:GatewayPort", cluster.GatewayPort);
        if (cluster.SiloPort == cluster.GatewayPort)
        {
            problems.Add($"Orleans:SiloPort and Orleans:GatewayPort are both {cluster.SiloPort}; they must differ.");
        }

        CheckNotEmpty(problems, "Orleans:ClusterId", cluster.ClusterId);
        CheckNotEmpty(problems, "Orleans:ServiceId", cluster.ServiceId);
        if (problems.Count > 0)
        {
            throw new HostingConfigurationException(problems);
        }

        if (storage.Provider == StorageOptions.FileSystemProvider)
        {
            storage.FileSystem.RootPath = Path.GetFullPath(storage.FileSystem.RootPath, contentRootPath);
        }

        return new HostingSettings(cluster, silo, storage, engine);
    }

    /// <summary>Returns the canonical spelling of <paramref name="value"/> (matched ignoring case), or records why it cannot be used.</summary>
    private static string CheckChoice(List<string> problems, string key, string value, string[] implemented, string[] planned)
    {
        var match = implemented.FirstOrDefault(choice => string.Equals(choice, value, StringComparison.OrdinalIgnoreCase));
        if (match is not null)
        {
            return match;
        }

        var supported = string.Join(", ", implemented);
        problems.Add(planned.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? $"{key} is '{value}', which is not implemented yet in this build; supported: {supported}."
            : $"{key} is '{value}', which is not a known value; supported: {supported}.");
        return value;
    }

    /// <summary>
    /// The chosen store's own settings. Azure's connection string may also come from
    /// <c>ConnectionStrings:Blobs</c>; <c>Storage:AzureBlob:ConnectionString</c> wins when both are set.
    /// </summary>
    private static void CheckStore(List<string> problems, StorageOptions storage, IConfiguration configuration)
    {
        switch (storage.Provider)
        {
            case StorageOptions.FileSystemProvider:
                AddFailures(problems, new FileSystemStorageOptionsValidator().Validate(name: null, storage.FileSystem));
                break;
            case StorageOptions.AzureBlobProvider:
                if (string.IsNullOrWhiteSpace(storage.AzureBlob.ConnectionString))
                {
                    storage.AzureBlob.ConnectionString = configuration.GetConnectionString(AzureBlobStoreOptions.ConnectionStringName);
                }

                AddFailures(problems, new AzureBlobStoreOptionsValidator().Validate(name: null, storage.AzureBlob));
                break;
            default:
                // An unknown provider is reported by CheckChoice; it has no settings to check.
                break;
        }
    }

    private static void AddFailures(List<string> problems, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            problems.AddRange(result.Failures);
        }
    }

    /// <summary>Redis clustering needs a connection string StackExchange.Redis can parse; an advertised address must be an IP.</summary>
    private static void CheckClustering(List<string> problems, ClusterHostingOptions cluster, IConfiguration configuration)
    {
        if (cluster.AdvertisedIPAddress.Length > 0 && !System.Net.IPAddress.TryParse(cluster.AdvertisedIPAddress, out _))
        {
            problems.Add($"Orleans:AdvertisedIPAddress is '{cluster.AdvertisedIPAddress}', which is not an IP address.");
        }

        if (cluster.Clustering != ClusterHostingOptions.RedisClustering)
        {
            return;
        }

        cluster.RedisConnectionString ??= configuration.GetConnectionString(ClusterHostingOptions.RedisConnectionStringName);
        if (string.IsNullOrWhiteSpace(cluster.RedisConnectionString))
        {
            problems.Add("Orleans:Clustering is 'Redis', but ConnectionStrings:Redis is not set (ConnectionStrings__Redis=host:port).");
            return;
        }

        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(cluster.RedisConnectionString);
        }
        catch (ArgumentException)
        {
            // The message of the parser may quote the string, password included: say only which setting is wrong.
            problems.Add("ConnectionStrings:Redis is not a Redis connection string (expected host:port[,option=value…]).");
        }
    }

    /// <summary>Only silos that run the engine need a usable device; web silos never load libtorch.</summary>
    private static void CheckEngineDevice(List<string> problems, EngineDeviceOptions engine)
    {
        try
        {
            ComputeDevice.Resolve(engine);
            ComputeDevice.ApplyCpuThreads(engine);
        }
        catch (EngineConfigurationException e)
        {
            problems.Add(e.Message);
        }
    }

    private static void CheckPort(List<string> problems, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            problems.Add($"{key} is {port}; a port is 1 to 65535.");
        }
    }

    private static void CheckNotEmpty(List<string> problems, string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{key} must not be empty.");
        }
    }
}
