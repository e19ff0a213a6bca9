using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Archives;

/// <summary>
/// A read-only stream over <paramref name="prefix"/> then <paramref name="inner"/> that refuses to read past
/// <paramref name="maxBytes"/> in all (a 413 problem): the archive's size limit, enforced as it streams, and the bytes
/// read to sniff its format given back to its reader.
/// </summary>
public sealed class LimitedReadStream(ReadOnlyMemory<byte> prefix, Stream inner, long maxBytes) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (!_prefix.IsEmpty)
        {
            read = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..read].CopyTo(buffer);
            _prefix = _prefix[read..];
        }
        else
        {
            read = inner.Read(buffer);
        }

        return Count(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_prefix.IsEmpty)
        {
            return Read(buffer.Span);
        }

        return Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read <= maxBytes ? read : throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Archive too large",
            $"Archives are limited to {maxBytes:N0} bytes (Gateway:MaxArchiveBytes); this one is larger.");
    }
}
