using System.Diagnostics;

namespace SparseVila.Testing;

/// <summary>A service started as a child process: its last lines of output kept for error messages, killed with its tree on stop.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 50;
    private readonly List<string> _output = [];
    private readonly Process _process;
    private readonly StreamWriter? _log;
    private bool _logClosed;

    private ChildProcess(Process process, StreamWriter? log) => (_process, _log) = (process, log);

    /// <summary>The running process.</summary>
    public Process Process => _process;

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="arguments"/>, its output read in the background (and every
    /// line appended to <paramref name="logPath"/> when given), in <paramref name="workingDirectory"/> when given.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The executable was not found.</exception>
    public static ChildProcess Start(string executable, IEnumerable<string> arguments, string? logPath = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var log = logPath is null ? null : new StreamWriter(logPath, append: true) { AutoFlush = true };
        var child = new ChildProcess(new Process { StartInfo = start }, log);
        child._process.OutputDataReceived += (_, e) => child.Remember(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Remember(e.Data);
        try
        {
            child._process.Start();
        }
        catch
        {
            child._process.Dispose();
            log?.Dispose();
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
        lock (_output)
        {
            _logClosed = true;
            _log?.Dispose();
        }
    }

    /// <summary>Kills it at once (SIGKILL: no shutdown, as a crash) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (!_logClosed)
            {
                _log?.WriteLine(line);
            }

            _output.Add(line);
            if (_output.Count > KeptLines)
            {
                _output.RemoveAt(0);
            }
        }
    }
}
