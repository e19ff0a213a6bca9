using System.IO.Pipelines;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.VisualCache;

/// <summary>
/// Writes a blob whose content a synchronous producer writes into a stream (a segment encoder), without holding the
/// content whole: the producer runs on the thread pool and writes into a pipe the store reads from, paused whenever
/// <see cref="PauseWriterBytes"/> wait unread. If the producer fails the store sees a failed read and keeps no blob;
/// if the store fails the producer is unblocked and its result dropped.
/// </summary>
internal static class StreamedBlobWrite
{
    /// <summary>Unread bytes at which the producer waits for the store.</summary>
    public const long PauseWriterBytes = 4L << 20;

    /// <summary>Streams what <paramref name="produce"/> writes into <paramref name="name"/> under <paramref name="condition"/>; returns what it returned.</summary>
    public static async Task<T> WriteAsync<T>(IBlobStore blobs, string name, Func<Stream, T> produce, BlobCondition condition, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseWriterBytes, resumeWriterThreshold: PauseWriterBytes / 2, useSynchronizationContext: false));
        var producer = Task.Run(() =>
        {
            try
            {
                T result;
                using (var destination = pipe.Writer.AsStream(leaveOpen: true))
                {
                    result = produce(destination);
                }

                pipe.Writer.Complete();
                return result;
            }
            catch (Exception error)
            {
                pipe.Writer.Complete(error);
                throw;
            }
        }, CancellationToken.None);  // it must run to complete the pipe; the store's read observes the token

        try
        {
            await using (var content = pipe.Reader.AsStream())
            {
                await blobs.WriteAsync(name, content, condition, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // The store gave up: let a producer waiting on the pipe finish. If the producer failed, its error is the cause
            // (the store only saw a failed read); else the store's own error (a condition, the network) is.
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await producer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            if (producer.Exception?.InnerException is { } cause)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }

            throw;
        }

        return await producer.ConfigureAwait(false);
    }
}
