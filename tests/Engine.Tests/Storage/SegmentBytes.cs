using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>Segments written to memory for the format tests, and streams that misbehave.</summary>
internal static class SegmentBytes
{
    /// <summary>A whole context written as one segment.</summary>
    public static (byte[] Bytes, KvSegmentSummary Summary) Write(VisualContext context, KvCodecOptions options)
    {
        using var stream = new MemoryStream();
        var summary = KvSegmentWriter.Write(stream, context, new KvSegmentRange(0, context.LengthTokens, 0, 0), options);
        return (stream.ToArray(), summary);
    }

    /// <summary>Reads <paramref name="bytes"/> as the segment <c>seg-00000.kv</c>.</summary>
    public static KvSegment Read(byte[] bytes, KvSegmentReadOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return KvSegmentReader.Read(stream, "seg-00000.kv", options);
    }

    /// <summary>The reading's failure, which must be a <see cref="KvCacheCorruptException"/>.</summary>
    public static KvCacheCorruptException Corrupt(byte[] bytes, KvSegmentReadOptions? options = null)
    {
        var error = Assert.Throws<KvCacheCorruptException>(() => Read(bytes, options).Dispose());
        Assert.Equal("seg-00000.kv", error.Name);
        Assert.Contains("seg-00000.kv", error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>A copy of <paramref name="bytes"/> with the byte at <paramref name="position"/> XOR <paramref name="mask"/>.</summary>
    public static byte[] Flipped(byte[] bytes, int position, byte mask = 0x5A)
    {
        var copy = (byte[])bytes.Clone();
        copy[position] ^= mask;
        return copy;
    }
}

/// <summary>A read-only stream over bytes that cannot seek, as a network download is.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
