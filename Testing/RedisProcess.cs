using System.Globalization;

namespace SparseVila.Testing;

/// <summary>
/// Debian's <c>redis-server</c> as a child process: on a free loopback port with a temporary folder and no persistence,
/// killed and its folder deleted on dispose. scripts/test.sh installs it.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private const string Executable = "redis-server";
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-redis-");
    private ChildProcess? _process;

    private RedisProcess()
    {
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis connection string of this instance.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts redis-server and returns once it accepts connections; throws saying how to install it when it is missing.</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess();
        try
        {
            for (var attempt = 1; attempt <= StartAttempts; attempt++)
            {
                redis.Port = Loopback.FreePort();
                redis._process = redis.Start(redis.Port);
                if (await Loopback.WaitUntilListeningAsync(redis._process.Process, redis.Port, StartTimeout).ConfigureAwait(false))
                {
                    return redis;
                }

                var output = redis._process.Output();
                await redis._process.DisposeAsync().ConfigureAwait(false);
                redis._process = null;
                if (attempt == StartAttempts)
                {
                    throw new InvalidOperationException($"redis-server did not start listening on 127.0.0.1 in {StartAttempts} attempts. Its output:{Environment.NewLine}{output}");
                }
            }

            return redis;
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }

        _folder.Delete(recursive: true);
    }

    private ChildProcess Start(int port)
    {
        try
        {
            return ChildProcess.Start(Executable,
            [
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder.FullName,
                "--save", string.Empty, "--appendonly", "no",
            ]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "'redis-server' was not found on PATH. The Redis clustering tests need it: run scripts/test.sh, which installs it, or 'apt-get install redis-server'.", e);
        }
    }
}
