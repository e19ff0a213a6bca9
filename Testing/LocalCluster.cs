using System.Globalization;
using System.Net;

namespace SparseVila.Testing;

/// <summary>A cluster of separate processes on loopback, as infra/local runs it.</summary>
/// <remarks>
/// A cluster of separate processes on loopback, as infra/local runs it: redis-server (membership, reminders), Azurite (blob
/// storage), gpu-role silos and a Gateway that hosts no silo, each a <c>dotnet</c> process of the built programs, with all
/// of its output in a log file. Silos can be killed (SIGKILL) and started again under the same name. The programs are
/// the <c>SparseVila.Silo.dll</c> and <c>SparseVila.Gateway.dll</c> beside the calling program (a project reference to
/// the Gateway copies both, with their runtime configuration).
/// </remarks>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, (ChildProcess Process, int HttpPort)> _processes = [];
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private RedisProcess _redis = null!;
    private AzuriteProcess _azurite = null!;

    private readonly string[] _siloSettings;

    private LocalCluster(string modelFolder, DirectoryInfo folder, string[] siloSettings) =>
        (ModelFolder, Folder, _siloSettings) = (modelFolder, folder, siloSettings);

    /// <summary>Settings (<c>--Key=value</c>) the Gateway process gets on top of the cluster's: API keys, limits.</summary>
    public IReadOnlyList<string> GatewaySettings { get; init; } = [];

    public string ModelFolder { get; }

    /// <summary>Logs (one file a process, <c>NAME.log</c>) and scratch folders.</summary>
    public DirectoryInfo Folder { get; }

    /// <summary>The blob container every process of the cluster stores in (on the cluster's Azurite).</summary>
    public const string BlobContainerName = "cluster";

    /// <summary>The connection string of the cluster's Azurite, to look at what the processes stored.</summary>
    public string BlobConnectionString => _azurite.ConnectionString;

    /// <summary>The Gateway's base address.</summary>
    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>
    /// Starts Redis, Azurite, <paramref name="gpuSilos"/> silos serving <paramref name="modelFolder"/> (with
    /// <paramref name="siloSettings"/>, <c>--Key=value</c> arguments, on top) and the Gateway; returns once every process is ready.
    /// </summary>
    public static Task<LocalCluster> StartAsync(string modelFolder, int gpuSilos, params string[] siloSettings) =>
        StartAsync(modelFolder, gpuSilos, siloSettings, gatewaySettings: []);

    /// <summary>As <see cref="StartAsync(string, int, string[])"/>, with <paramref name="gatewaySettings"/> for the Gateway.</summary>
    public static async Task<LocalCluster> StartAsync(string modelFolder, int gpuSilos, string[] siloSettings, string[] gatewaySettings)
    {
        var cluster = new LocalCluster(modelFolder, Directory.CreateTempSubdirectory("sparsevila-cluster-"), siloSettings) { GatewaySettings = gatewaySettings };
        try
        {
            cluster._redis = await RedisProcess.StartAsync();
            cluster._azurite = await AzuriteProcess.StartAsync();
            await Task.WhenAll(Enumerable.Range(1, gpuSilos).Select(i => cluster.StartSiloAsync($"silo{i}")));
            var gateway = await cluster.StartAsync("gateway", "SparseVila.Gateway.dll", ["--Gateway:Silo=None", $"--Gateway:ScratchPath={cluster.Folder.FullName}/gateway-scratch", .. gatewaySettings]);
            cluster.GatewayAddress = new Uri($"http://127.0.0.1:{gateway.ToString(CultureInfo.InvariantCulture)}");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The names of the silos running now.</summary>
    public IReadOnlyList<string> Silos => [.. _processes.Keys.Where(name => name.StartsWith("silo", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Starts (or starts again) the gpu silo <paramref name="name"/> and returns once it is ready.</summary>
    public Task<int> StartSiloAsync(string name) =>
        StartAsync(name, "SparseVila.Silo.dll", ["--Silo:Role=gpu", $"--Inference:ModelFolder={ModelFolder}", .. _siloSettings]);

    /// <summary>Kills <paramref name="name"/> as a crash would (SIGKILL).</summary>
    public async Task KillAsync(string name)
    {
        var (process, _) = _processes[name];
        _processes.Remove(name);
        await process.KillAsync();
        await process.DisposeAsync();
    }

    /// <summary>The process id of <paramref name="name"/> (to read its memory, say).</summary>
    public int ProcessId(string name) => _processes[name].Process.Process.Id;

    /// <summary>Every line every process has logged so far, from their log files.</summary>
    public IEnumerable<string> LogLines() => Folder.EnumerateFiles("*.log").SelectMany(f => ReadShared(f.FullName));

    /// <summary>The lines of the log of <paramref name="name"/> so far (none before it starts).</summary>
    public string[] LogLines(string name)
    {
        var path = Path.Combine(Folder.FullName, $"{name}.log");
        return File.Exists(path) ? ReadShared(path) : [];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in _processes.Values)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Folder.Delete(recursive: true);
    }

    private async Task<int> StartAsync(string name, string program, string[] own)
    {
        var ports = Loopback.FreePorts(3);
        var (httpPort, siloPort, gatewayPort) = (ports[0], ports[1], ports[2]);
        var workingDirectory = Directory.CreateDirectory(Path.Combine(Folder.FullName, $"{name}-cwd")).FullName;
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, program),
            "--Orleans:Clustering=Redis", $"--ConnectionStrings:Redis={_redis.ConnectionString}", $"--Orleans:ClusterId={_clusterId}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", $"--Orleans:SiloPort={siloPort}", $"--Orleans:GatewayPort={gatewayPort}",
            "--Storage:Provider=AzureBlob", $"--ConnectionStrings:Blobs={_azurite.ConnectionString}", $"--Storage:AzureBlob:ContainerName={BlobContainerName}",
            $"--Urls=http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}",
            "--Logging:Console:FormatterName=simple", "--Logging:Console:FormatterOptions:SingleLine=true",
            .. own,
        ];
        var process = ChildProcess.Start("dotnet", arguments, Path.Combine(Folder.FullName, $"{name}.log"), workingDirectory);
        _processes[name] = (process, httpPort);
        await WaitUntilReadyAsync(name, process, httpPort);
        return httpPort;
    }

    /// <summary>Polls <c>/readyz</c> (the process's own verdict: joined the cluster, storage writable) until 200, with a deadline.</summary>
    private static async Task WaitUntilReadyAsync(string name, ChildProcess process, int httpPort)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline && !process.Process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow answer while the process starts.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new InvalidOperationException($"{name} was not ready within {ReadyTimeout.TotalSeconds} s. Its output:{Environment.NewLine}{process.Output()}");
    }

    /// <summary>A log's lines, read while its process may still write to it.</summary>
    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
