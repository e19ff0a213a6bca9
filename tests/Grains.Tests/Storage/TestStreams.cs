namespace SparseVila.Grains.Tests.Storage;

/// <summary>
/// A forward-only stream of <paramref name="lengthBytes"/> pseudo-random bytes, produced as it is read:
/// no buffer of the whole content ever exists, and a store cannot seek or ask its length.
/// </summary>
internal sealed class GeneratedStream(long lengthBytes, ulong seed, long? failAfterBytes = null) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("Forward-only.");

    public override long Position
    {
        get => throw new NotSupportedException("Forward-only.");
        set => throw new NotSupportedException("Forward-only.");
    }

    /// <summary>The byte at <paramref name="position"/> of the content for <paramref name="seed"/>.</summary>
    public static byte ByteAt(ulong seed, long position)
    {
        // splitmix64 of the 8-byte block index, one byte of it per position.
        var z = seed + (0x9E3779B97F4A7C15UL * (ulong)((position >> 3) + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (byte)(z >> (int)((position & 7) * 8));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failAfterBytes is { } limit && _position >= limit)
        {
            throw new IOException("The source failed part way (as the test asked).");
        }

        var count = (int)Math.Min(buffer.Length, lengthBytes - _position);
        if (failAfterBytes is { } failAt)
        {
            count = (int)Math.Min(count, failAt - _position);
        }

        for (var i = 0; i < count; i++)
        {
            buffer[i] = ByteAt(seed, _position + i);
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Forward-only.");

    public override void SetLength(long value) => throw new NotSupportedException("Read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read-only.");

    /// <summary>
    /// Reads <paramref name="content"/> to its end in chunks and checks every byte against the generated
    /// content for <paramref name="seed"/>; returns how many bytes there were.
    /// </summary>
    public static async Task<long> VerifyAsync(Stream content, ulong seed, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long position = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != ByteAt(seed, position + i))
                {
                    Assert.Fail($"Byte {position + i} differs: read {buffer[i]}, wrote {ByteAt(seed, position + i)}.");
                }
            }

            position += read;
        }

        return position;
    }
}
