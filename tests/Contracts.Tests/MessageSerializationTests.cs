using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Videos;

namespace SparseVila.Contracts.Tests;

/// <summary>Every message crosses silos intact through the Orleans serializer.</summary>
public sealed class MessageSerializationTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void VideoMessages_RoundTrip()
    {
        var source = new VideoSource(TenantId.Parse("tenant-a"), "clip.mp4", "tenant-a/videos/v1/source", "sha256:" + new string('a', 64), 12_345);
        var info = new VideoInfo("v1", source.Tenant, "clip.mp4", VideoStatus.Failed, new IndexingProgress(3, 10, 1), "no video stream", 12.5);

        Assert.Equal(source, RoundTrip(source));
        Assert.Equal(info, RoundTrip(info));
        Assert.Equal(new IndexingOptions(0.25, CacheCodec.Int4), RoundTrip(new IndexingOptions(0.25, CacheCodec.Int4)));
    }

    [Fact]
    public void ConversationMessages_RoundTrip()
    {
        var evidence = new EvidenceItem("v1", 12, 0.4);
        var result = new AnswerResult("red", [evidence], new AnswerStats(4_116, 412, 723.5, 14.9, 12));
        var turn = new ConversationTurn("what color?", "red", [evidence], DateTimeOffset.UnixEpoch);
        var info = new ConversationInfo("c1", TenantId.Local, ["v1", "v2"], [turn]);

        var chunk = RoundTrip(new AnswerChunk(string.Empty, result));
        var back = RoundTrip(info);

        Assert.Equal(new AskRequest("why?", 12), RoundTrip(new AskRequest("why?", 12)));
        Assert.Equal(result.Answer, chunk.Final!.Answer);
        Assert.Equal(result.Evidence, chunk.Final.Evidence);
        Assert.Equal(result.Stats, chunk.Final.Stats);
        Assert.Equal(info.VideoIds, back.VideoIds);
        Assert.Equal(turn.Evidence, back.Turns[0].Evidence);
        Assert.Equal((turn.Question, turn.Answer, turn.AskedAt), (back.Turns[0].Question, back.Turns[0].Answer, back.Turns[0].AskedAt));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(5, 10, 0.5)]
    [InlineData(12, 10, 1)]
    public void ProgressFraction_IsDoneOverTotal_Clamped(int done, int total, double fraction) =>
        Assert.Equal(fraction, new IndexingProgress(done, total, 0).Fraction);

    private T RoundTrip<T>(T value)
    {
        var serializer = _services.GetRequiredService<Serializer>();
        return serializer.Deserialize<T>(serializer.SerializeToArray(value))!;
    }
}
