namespace SparseVila.Grains.Storage;

/// <summary>
/// A read-only view of a blob file past its <see cref="BlobFileHeader"/>: position 0 is the first byte of
/// content. Owns the file and closes it when disposed.
/// </summary>
internal sealed class BlobContentStream(FileStream file, long offsetBytes) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => false;

    public override long Length => file.Length - offsetBytes;

    public override long Position
    {
        get => file.Position - offsetBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            file.Position = value + offsetBytes;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => file.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        file.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        file.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("Cannot seek before the start of the blob's content.");
        }

        Position = target;
        return target;
    }

    public override void Flush()
    {
        // Read-only: nothing to flush.
    }

    public override void SetLength(long value) => throw new NotSupportedException("A blob's content is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A blob's content is read-only.");

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
