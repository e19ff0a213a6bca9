using System.Diagnostics;

namespace SparseVila.Testing;

/// <summary>A service started as a child process: its last lines of output kept for error messages, killed with its tree on stop.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 50;
    private readonly List<string> _output = [];
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    /// <summary>The running process.</summary>
    public Process Process => _process;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>, its output read in the background.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The executable was not found.</exception>
    public static ChildProcess Start(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var child = new ChildProcess(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Remember(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Remember(e.Data);
        try
        {
            child._process.Start();
        }
        catch
        {
            child._process.Dispose();
            throw;
        }

        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines it printed.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>Kills it (and its children) unless it has exited, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
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
            if (_output.Count > KeptLines)
            {
                _output.RemoveAt(0);
            }
        }
    }
}
