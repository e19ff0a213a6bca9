using System.Diagnostics;

namespace SparseVila.Grains.Storage;

/// <summary>
/// Mutual exclusion per blob name for <see cref="FileSystemBlobStore"/>, within a process and across
/// processes sharing a data folder. Names hash onto <see cref="StripeCount"/> stripes; a stripe is held
/// through an in-process semaphore and then an exclusive open (<see cref="FileShare.None"/>: an
/// <c>flock</c> on Unix, a share-mode lock on Windows) of its lock file in <c>.locks/</c>. Lock files
/// are never deleted: deleting a lock file while another process waits on it would split the lock.
/// </summary>
/// <remarks>
/// A stripe is held only for the check-and-rename (or check-and-delete) at the end of an operation,
/// never while content is copied, so unrelated names sharing a stripe wait microseconds.
/// </remarks>
internal sealed class BlobFileLocks(string folder)
{
    /// <summary>Stripes: enough that unrelated names rarely meet, few enough to keep <c>.locks/</c> small.</summary>
    public const int StripeCount = 256;

    /// <summary>How long to wait for another process before giving up.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between attempts at a lock file another process holds.</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim[] _inProcess = [.. Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Holds the stripe of <paramref name="name"/> until the result is disposed.</summary>
    public async Task<IDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(name);
        var gate = _inProcess[stripe];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lockFile = await OpenExclusiveAsync(Path.Combine(folder, $"{stripe:x2}.lock"), cancellationToken).ConfigureAwait(false);
            return new Held(gate, lockFile);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>FNV-1a over the name's UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static int StripeOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % StripeCount);
    }

    private static async Task<FileStream> OpenExclusiveAsync(string path, CancellationToken cancellationToken)
    {
        // Another process's hold cannot be awaited (there is no notification for a released flock), so
        // retry with a short, growing pause, bounded by Timeout.
        var elapsed = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException e) when (e is not (DirectoryNotFoundException or PathTooLongException))
            {
                if (elapsed.Elapsed > Timeout)
                {
                    throw new TimeoutException($"The lock file '{path}' stayed held by another process for {Timeout.TotalSeconds:0} s.", e);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private sealed class Held(SemaphoreSlim gate, FileStream lockFile) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lockFile.Dispose();
                gate.Release();
            }
        }
    }
}
