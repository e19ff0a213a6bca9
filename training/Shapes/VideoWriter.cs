using System.Diagnostics;
using FFMpegCore;

namespace SparseVila.Training.Shapes;

/// <summary>
/// One ffmpeg process that encodes the RGB24 frames written to it into one video file (see
/// <see cref="FfmpegEncodeCommand"/>). Write every frame, then <see cref="CompleteAsync"/>; disposing without
/// completing kills ffmpeg and deletes the partial file. Failures throw <see cref="VideoEncodeException"/> with
/// the end of ffmpeg's stderr.
/// </summary>
public sealed class VideoWriter : IAsyncDisposable
{
    private const int StderrTailLineCount = 8;
    private static readonly TimeSpan FailureExitWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly StderrTail _stderr;
    private readonly string _path;
    private readonly int _frameBytes;
    private bool _completed;

    private VideoWriter(Process process, StderrTail stderr, string path, VideoEncoding encoding)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stderr = stderr;
        _path = path;
        Encoding = encoding;
        _frameBytes = encoding.SizePixels * encoding.SizePixels * 3;
    }

    /// <summary>How the video is encoded.</summary>
    public VideoEncoding Encoding { get; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>The video's length so far: frames written over the frame rate.</summary>
    public double DurationSeconds => (double)FrameCount / Encoding.FramesPerSecond;

    /// <summary>Starts ffmpeg writing <paramref name="path"/> (replacing any file there) with <paramref name="encoding"/>.</summary>
    public static VideoWriter Start(string path, VideoEncoding encoding)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(encoding);
        var fullPath = System.IO.Path.GetFullPath(path);
        var startInfo = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath())
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in FfmpegEncodeCommand.Arguments(fullPath, encoding))
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
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new VideoEncodeException(fullPath, $"ffmpeg could not be started to write '{System.IO.Path.GetFileName(fullPath)}'.", e.Message, e);
        }

        return new VideoWriter(process, stderr, fullPath, encoding);
    }

    /// <summary>Sends one frame: exactly SizePixels² · 3 bytes of RGB24, rows top to bottom.</summary>
    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, CancellationToken ct)
    {
        ThrowIfCompleted();
        if (rgb24.Length != _frameBytes)
        {
            throw new ArgumentException($"a {Encoding.SizePixels}×{Encoding.SizePixels} RGB24 frame is {_frameBytes} bytes, not {rgb24.Length}.", nameof(rgb24));
        }

        try
        {
            await _stdin.WriteAsync(rgb24, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // ffmpeg closed its stdin: it failed, and its exit code and stderr say why.
            throw await FailureAsync($"ffmpeg stopped reading at frame {FrameCount}", e).ConfigureAwait(false);
        }

        FrameCount++;
    }

    /// <summary>Ends the input and waits for ffmpeg to finish the file; throws if it fails.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        ThrowIfCompleted();
        try
        {
            await _stdin.FlushAsync(ct).ConfigureAwait(false);
            _stdin.Close();
        }
        catch (IOException e)
        {
            throw await FailureAsync("ffmpeg stopped reading before the end", e).ConfigureAwait(false);
        }

        await using (ct.Register(Kill).ConfigureAwait(false))
        {
            await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        }

        if (_process.ExitCode != 0)
        {
            throw await FailureAsync($"ffmpeg failed (exit code {_process.ExitCode})", null).ConfigureAwait(false);
        }

        _completed = true;
    }

    /// <summary>Kills ffmpeg if it is still running, and deletes the file unless it was completed.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        // After a kill the exit is immediate; waiting reaps the process so none is left behind.
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        _process.Dispose();
        if (!_completed && File.Exists(_path))
        {
            File.Delete(_path);
        }

        _completed = true;
    }

    private async Task<VideoEncodeException> FailureAsync(string what, Exception? inner)
    {
        // Let ffmpeg finish printing why, so the stderr tail holds the reason rather than nothing; a closed stdin
        // means it is already on its way out, and a few seconds bound the wait if it is not.
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(FailureExitWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new VideoEncodeException(_path, $"'{System.IO.Path.GetFileName(_path)}' could not be written: {what}.", _stderr.ToString(), inner);
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException($"'{System.IO.Path.GetFileName(_path)}' is already complete (or abandoned); start another writer.");
        }
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
