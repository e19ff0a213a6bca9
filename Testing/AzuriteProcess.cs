using System.Diagnostics;

namespace SparseVila.Testing;

/// <summary>
/// Azurite's blob service (npm <c>azurite</c>, the Azure Storage emulator) as a child process: on a free loopback port
/// with a temporary folder, stopped and its folder deleted on dispose. Found on PATH or in a <c>node_modules/.bin</c>
/// above the program or the working folder; scripts/test.sh installs it.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    private const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Executable = "azurite-blob";

    /// <summary>Tries at a free port: another process may take the port between choosing and binding it.</summary>
    private const int StartAttempts = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _location = Directory.CreateTempSubdirectory("sparsevila-azurite-");

    private AzuriteProcess()
    {
    }
    private ChildProcess? _process;

    /// <summary>The loopback port Azurite's blob service listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The development account's connection string for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>
    /// Starts Azurite's blob service on a free loopback port with a new temporary folder, and returns once it accepts
    /// connections. Throws <see cref="InvalidOperationException"/> saying how to install it when it is not found, or with
    /// its output when it does not start.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = new AzuriteProcess();
        try
        {
            var executable = FindExecutable();
            var output = string.Empty;
            for (var attempt = 1; attempt <= StartAttempts; attempt++)
            {
                azurite.Port = Loopback.FreePort();
                azurite._process = azurite.Start(executable, azurite.Port);
                if (await Loopback.WaitUntilListeningAsync(azurite._process.Process, azurite.Port, StartTimeout).ConfigureAwait(false))
                {
                    return azurite;
                }

                output = azurite._process.Output();
                await azurite.StopAsync().ConfigureAwait(false);
            }

            throw new InvalidOperationException(
                $"Azurite ({executable}) did not start listening on 127.0.0.1 in {StartAttempts} attempts. Its output:{Environment.NewLine}{output}");
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops Azurite and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _location.Delete(recursive: true);
    }

    private static string FindExecutable()
    {
        var names = OperatingSystem.IsWindows() ? new[] { Executable + ".cmd", Executable + ".exe" } : [Executable];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)));
        var inNodeModules = Ancestors(AppContext.BaseDirectory).Concat(Ancestors(Directory.GetCurrentDirectory()))
            .SelectMany(folder => names.Select(name => Path.Combine(folder, "node_modules", ".bin", name)));
        return onPath.Concat(inNodeModules).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"'{Executable}' (Azurite, the Azure Storage emulator, npm package 'azurite') was not found on PATH or in a node_modules/.bin " +
                $"above '{AppContext.BaseDirectory}'. The Azure blob store tests and benchmarks need it: run scripts/test.sh, which installs it, " +
                "or install it yourself with 'npm install -g azurite'.");
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            yield return current.FullName;
        }
    }

    private ChildProcess Start(string executable, int port) => ChildProcess.Start(executable,
    [
        "--silent", "--location", _location.FullName, "--blobHost", "127.0.0.1",
        "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--loose",
    ]);

    private async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
    }
}
