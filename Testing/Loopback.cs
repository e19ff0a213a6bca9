using System.Net;
using System.Net.Sockets;

namespace SparseVila.Testing;

/// <summary>Ports and readiness on 127.0.0.1, for the services tests start as child processes.</summary>
public static class Loopback
{
    /// <summary>A port free right now (another process may still take it before it is bound: callers retry).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// <paramref name="count"/> ports free right now and different from each other: every listener stays open until all
    /// are chosen (asked one after the other, the system once handed the same port out twice, and a silo refused to start).
    /// </summary>
    public static int[] FreePorts(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Dispose());
        }
    }

    /// <summary>Polls <paramref name="port"/> with awaited connects until it accepts one (true), the process exits or the timeout passes (false).</summary>
    public static async Task<bool> WaitUntilListeningAsync(System.Diagnostics.Process process, int port, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var deadline = new CancellationTokenSource(timeout);
        while (!process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                // Not listening yet: connects to a closed loopback port fail at once, so pause briefly.
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return false;
            }
        }

        return false;
    }
}
