using System.Net;
using System.Net.Http.Headers;

namespace SparseVila.Cli.Http;

/// <summary>
/// A file as a request body, streamed from disk in chunks (never read whole), reporting the bytes sent so far. The
/// file is opened when the body is sent, so a retried request sends it again from the start.
/// </summary>
public sealed class FileUploadContent : HttpContent
{
    private const int ChunkBytes = 256 * 1024;

    private readonly string _path;
    private readonly long _lengthBytes;
    private readonly IProgress<long>? _sent;

    public FileUploadContent(string path, string? mediaType, IProgress<long>? sent)
    {
        _path = path;
        _lengthBytes = new FileInfo(path).Length;
        _sent = sent;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType ?? "application/octet-stream");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var buffer = new byte[ChunkBytes];
            long sentBytes = 0;
            _sent?.Report(0);
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sentBytes += read;
                _sent?.Report(sentBytes);
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _lengthBytes;
        return true;
    }
}
