using System.IO.Hashing;

namespace SparseVila.Engine.Storage;

/// <summary>A write-only pass-through that feeds every byte written to an XxHash64 and counts it. The inner stream stays open.</summary>
internal sealed class ChecksumWriteStream(Stream inner) : Stream
{
    private readonly XxHash64 _hash = new();

    /// <summary>Bytes written so far.</summary>
    public long WrittenBytes { get; private set; }

    /// <summary>XxHash64 (seed 0) of the bytes written so far.</summary>
    public ulong Checksum => _hash.GetCurrentHashAsUInt64();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => WrittenBytes;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        inner.Write(buffer);
        WrittenBytes += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
