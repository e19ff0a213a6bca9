using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>
/// One Azurite blob service for the tests of <see cref="AzuriteTestGroup"/>: started on a free loopback
/// port with a temporary folder, stopped and its folder deleted afterwards. Tests use a container of
/// their own each. Missing Azurite fails the tests that need it (never skips them), and only those:
/// scripts/test.sh installs it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    private const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Executable = "azurite-blob";

    /// <summary>Tries at a free port: another process may take the port between choosing and binding it.</summary>
    private const int StartAttempts = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _location = Directory.CreateTempSubdirectory("sparsevila-azurite-");
    private readonly List<string> _output = [];
    private Process? _process;

    /// <summary>The loopback port Azurite's blob service listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The development account's connection string for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>A client for a container no other test uses (not yet created).</summary>
    public BlobContainerClient NewContainer() => new BlobServiceClient(ConnectionString).GetBlobContainerClient($"test-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync()
    {
        var executable = FindExecutable();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            Port = FreePort();
            _process = Start(executable, Port);
            if (await WaitUntilListeningAsync(_process, Port))
            {
                return;
            }

            await StopAsync();
        }

        throw new InvalidOperationException(
            $"Azurite ({executable}) did not start listening on 127.0.0.1 in {StartAttempts} attempts. Its output:{Environment.NewLine}{Output()}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
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
                $"above '{AppContext.BaseDirectory}'. The Azure blob store tests need it: run scripts/test.sh, which installs it, " +
                "or install it yourself with 'npm install -g azurite'.");
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            yield return current.FullName;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string executable, int port)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--location", _location.FullName, "--blobHost", "127.0.0.1",
            "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--loose",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls the port with awaited connects until Azurite accepts one, exits, or the timeout passes.</summary>
    private static async Task<bool> WaitUntilListeningAsync(Process process, int port)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (!process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return true;
            }
            catch (SocketException)
            {
                // Not listening yet: connects to a closed loopback port fail at once, so pause briefly.
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return false;
            }
        }

        return false;
    }

    private async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 50)
            {
                _output.RemoveAt(0);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }
}

/// <summary>The tests that run against Azurite share one instance of it.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
