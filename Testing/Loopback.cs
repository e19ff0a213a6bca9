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

    /// <summary>Three ports free right now and different from each other (every listener stays open until all are chosen).</summary>
    public static (int First, int Second, int Third) ThreeFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        using var third = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        third.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port, ((IPEndPoint)third.LocalEndpoint).Port);
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
