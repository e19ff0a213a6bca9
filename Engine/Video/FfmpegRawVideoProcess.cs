using System.Diagnostics;

namespace SparseVila.Engine.Video;

/// <summary>
/// A running ffmpeg that writes raw frames to its stdout. Reading pulls frames through the pipe, so ffmpeg
/// blocks once the pipe is full and never runs ahead of the reader. Disposing (or cancelling a read) kills
/// the process if it is still running.
/// </summary>
/// <remarks>
/// Started with <see cref="Process"/> rather than FFMpegCore's pipe sinks: stdout gives back-pressure and exact
/// frame reads without a named pipe, a copying thread or a channel in between, and the process is ours to kill.
/// </remarks>
internal sealed class FfmpegRawVideoProcess : IAsyncDisposable
{
    private const int StderrTailLineCount = 8;

    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly StderrTail _stderr;

    private FfmpegRawVideoProcess(Process process, StderrTail stderr)
    {
        _process = process;
        _stdout = process.StandardOutput.BaseStream;
        _stderr = stderr;
    }

    /// <summary>The last lines ffmpeg wrote to stderr.</summary>
    public string StderrTail => _stderr.ToString();

    public static FfmpegRawVideoProcess Start(string ffmpegPath, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var stderr = new StderrTail(StderrTailLineCount);
        process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        try
        {
            process.Start();
            process.BeginErrorReadLine();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new FfmpegRawVideoProcess(process, stderr);
    }

    /// <summary>
    /// Fills <paramref name="frame"/> from stdout; returns the bytes read, fewer than its length only when
    /// ffmpeg closed stdout (0 at a clean end between frames). Cancelling kills ffmpeg.
    /// </summary>
    public async ValueTask<int> ReadFrameAsync(Memory<byte> frame, CancellationToken ct)
    {
        // A pipe read is not reliably interrupted by a token; killing ffmpeg closes the pipe and ends it.
        await using var killOnCancel = ct.Register(Kill).ConfigureAwait(false);
        var read = await _stdout.ReadAtLeastAsync(frame, frame.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return read;
    }

    /// <summary>Waits for ffmpeg to end and returns its exit code, once its stderr has been read to the end.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await using var killOnCancel = ct.Register(Kill).ConfigureAwait(false);
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        // After a kill the exit is immediate; waiting reaps the process so none is left behind.
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await _stdout.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
