using SparseVila.Engine.Video;

namespace SparseVila.Engine.Tests.Video;

public sealed class VideoProbeTests(TestVideos videos)
{
    [Theory]
    [InlineData("h264")]
    [InlineData("vp9")]
    public async Task ProbeAsync_ReadsDurationSizeRateAndCodec(string codec)
    {
        var info = await VideoProbe.ProbeAsync(await videos.ColoursAsync(codec), TestContext.Current.CancellationToken);

        Assert.Equal(new VideoInfo(4.0, 64, 48, 4.0, codec), info);
    }

    [Fact]
    public async Task ProbeAsync_RotatedVideo_ReportsTheDisplayedSize()
    {
        var info = await VideoProbe.ProbeAsync(await videos.RotatedAsync(), TestContext.Current.CancellationToken);

        Assert.Equal((48, 64), (info.WidthPixels, info.HeightPixels));
    }

    [Fact]
    public async Task ProbeAsync_MissingFile_IsNotFound()
    {
        var path = Path.Combine(videos.Folder, "no-such-video.mp4");

        var error = await Assert.ThrowsAsync<VideoDecodeException>(() => VideoProbe.ProbeAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal((VideoDecodeError.NotFound, path), (error.Reason, error.Path));
        Assert.Equal("'no-such-video.mp4' does not exist.", error.Message);
    }

    [Fact]
    public async Task ProbeAsync_EmptyFile_IsEmpty()
    {
        var error = await Assert.ThrowsAsync<VideoDecodeException>(
            () => VideoProbe.ProbeAsync(videos.WriteBytes("empty.mp4", 0), TestContext.Current.CancellationToken));

        Assert.Equal(VideoDecodeError.Empty, error.Reason);
        Assert.Equal("'empty.mp4' is empty (0 bytes).", error.Message);
    }

    [Fact]
    public async Task ProbeAsync_AudioOnly_HasNoVideoStream_AndSaysWhatItHas()
    {
        var error = await Assert.ThrowsAsync<VideoDecodeException>(
            async () => await VideoProbe.ProbeAsync(await videos.AudioOnlyAsync(), TestContext.Current.CancellationToken));

        Assert.Equal(VideoDecodeError.NoVideoStream, error.Reason);
        Assert.Equal("'audio-only.m4a' has no video stream (streams: audio).", error.Message);
    }

    [Fact]
    public async Task ProbeAsync_RandomBytes_AreUndecodable()
    {
        var error = await Assert.ThrowsAsync<VideoDecodeException>(
            () => VideoProbe.ProbeAsync(videos.WriteBytes("random.mp4", 4096), TestContext.Current.CancellationToken));

        Assert.Equal(VideoDecodeError.Undecodable, error.Reason);
        Assert.StartsWith("'random.mp4' is not a readable media file", error.Message, StringComparison.Ordinal);
    }
}
