using System.Text;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Tests;

public sealed class SseReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_TypedEventsWithJsonData_YieldsTypeAndData()
    {
        var events = await ReadAllAsync("event: token\ndata: {\"text\":\"red\"}\n\nevent: done\ndata: {}\n\n");

        Assert.Equal([new SseEvent("token", "{\"text\":\"red\"}", null), new SseEvent("done", "{}", null)], events);
    }

    [Fact]
    public async Task ReadAsync_SeveralDataLines_JoinsThemWithNewlines()
    {
        var events = await ReadAllAsync("data: first\ndata:second\ndata\ndata:  indented\n\n");

        Assert.Equal("first\nsecond\n\n indented", Assert.Single(events).Data);
    }

    [Fact]
    public async Task ReadAsync_CommentsAndUnknownFields_AreIgnored()
    {
        var events = await ReadAllAsync(": keep-alive\n\n:another\nretry: 1000\nfoo: bar\nevent: video\n: inside an event\ndata: x\n\n");

        Assert.Equal([new SseEvent("video", "x", null)], events);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task ReadAsync_AnyLineEnding_FramesTheSameEvents(string newline)
    {
        var text = "event: a\ndata: 1\n\ndata: 2\ndata: 3\n\n".Replace("\n", newline, StringComparison.Ordinal);

        var events = await ReadAllAsync(text);

        Assert.Equal([new SseEvent("a", "1", null), new SseEvent("message", "2\n3", null)], events);
    }

    [Fact]
    public async Task ReadAsync_BytesSplitAnywhere_IncludingInsideCrLfAndUtf8_YieldsTheSameEvents()
    {
        // "é" and "→" are two- and three-byte UTF-8 sequences; every split point of the stream is tried.
        var text = "event: token\r\ndata: {\"text\":\"café →\"}\r\n\r\n: ping\r\n\r\nevent: done\r\ndata: ok\r\n\r\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        SseEvent[] expected = [new("token", "{\"text\":\"café →\"}", null), new("done", "ok", null)];

        for (var split = 1; split < bytes.Length; split++)
        {
            var events = await ReadAllAsync(new ChunkedStream(bytes, [split, bytes.Length - split]));
            Assert.Equal(expected, events);
        }

        Assert.Equal(expected, await ReadAllAsync(new ChunkedStream(bytes, [.. Enumerable.Repeat(1, bytes.Length)])));
    }

    [Fact]
    public async Task ReadAsync_EventIsYieldedWhenItsBlankLineArrives_NotWhenTheStreamEnds()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var stream = pipe.Reader.AsStream();
        await using var events = SseReader.ReadAsync(stream, Ct).GetAsyncEnumerator(Ct);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("event: video\ndata: 1\n\n"), Ct);
        var next = events.MoveNextAsync().AsTask();

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("1", events.Current.Data);
        await pipe.Writer.CompleteAsync();
        Assert.False(await events.MoveNextAsync());
    }

    [Fact]
    public async Task ReadAsync_EventWithoutData_IsNotDispatched_AndItsTypeDoesNotLeak()
    {
        var events = await ReadAllAsync("event: lonely\n\ndata: after\n\n");

        Assert.Equal([new SseEvent("message", "after", null)], events);
    }

    [Fact]
    public async Task ReadAsync_EmptyDataLine_IsAnEventWithEmptyData()
    {
        var events = await ReadAllAsync("data\n\n");

        Assert.Equal(string.Empty, Assert.Single(events).Data);
    }

    [Fact]
    public async Task ReadAsync_StreamEndingInsideAnEvent_DropsThatEvent()
    {
        var events = await ReadAllAsync("data: complete\n\ndata: cut short\n");

        Assert.Equal("complete", Assert.Single(events).Data);
    }

    [Fact]
    public async Task ReadAsync_IdField_IsRememberedForLaterEvents()
    {
        var events = await ReadAllAsync("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");

        Assert.Equal(["7", "7", string.Empty], events.Select(e => e.LastEventId));
    }

    [Fact]
    public async Task ReadAsync_LeadingByteOrderMark_IsDropped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("event: x\ndata: y\n\n")).ToArray();

        var events = await ReadAllAsync(new MemoryStream(bytes));

        Assert.Equal([new SseEvent("x", "y", null)], events);
    }

    private static Task<List<SseEvent>> ReadAllAsync(string text) => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static async Task<List<SseEvent>> ReadAllAsync(Stream stream)
    {
        var events = new List<SseEvent>();
        await foreach (var item in SseReader.ReadAsync(stream, Ct))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>A stream that returns its bytes in the given chunk sizes, one chunk a read, as a network does.</summary>
    private sealed class ChunkedStream(byte[] bytes, int[] chunks) : Stream
    {
        private int _position;
        private int _chunk;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= bytes.Length)
            {
                return 0;
            }

            var size = Math.Min(count, Math.Min(chunks[Math.Min(_chunk++, chunks.Length - 1)], bytes.Length - _position));
            Array.Copy(bytes, _position, buffer, offset, size);
            _position += size;
            return size;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsSpan(0, read).CopyTo(buffer.Span);
            return ValueTask.FromResult(read);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
