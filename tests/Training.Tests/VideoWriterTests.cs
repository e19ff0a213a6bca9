using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class VideoWriterTests
{
    [Theory]
    [InlineData(VideoCodec.H264, "h264", ".mp4")]
    [InlineData(VideoCodec.Vp9, "vp9", ".webm")]
    public async Task AWrittenScene_DecodesToItsDurationRateAndSize_AndEachSecondShowsItsObjects(VideoCodec codec, string codecName, string extension)
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var scene = TestScenes.ThreeObjects();
        var style = TestScenes.Style(4,
            TestScenes.Appearance(ShapeColor.Red, 0.25, dx: 0.03), TestScenes.Appearance(ShapeColor.Blue, 0.22, dy: -0.04), TestScenes.Appearance(ShapeColor.Green, 0.28));
        var encoding = new VideoEncoding(codec, framesPerSecond: 3, sizePixels: 160);
        var path = folder.File("scene" + encoding.FileExtension);

        await SceneVideo.WriteAsync(path, scene, style, encoding, ct);

        Assert.Equal(extension, encoding.FileExtension);
        var facts = await FfmpegTools.ProbeAsync(path, ct);
        Assert.Equal(codecName, facts.Codec);
        Assert.Equal((160, 160), (facts.WidthPixels, facts.HeightPixels));
        Assert.Equal("3/1", facts.AverageFrameRate);
        Assert.Equal("yuv420p", facts.PixelFormat);
        Assert.Equal(10.0, facts.DurationSeconds, 0.05);
        foreach (var second in new[] { 0, 3, 4, 9 })
        {
            var frame = await FfmpegTools.FrameAtAsync(path, second, ct);
            Assert.Equal(160 * 160 * 3, frame.Length);
            var visible = SceneOracle.VisibleAt(scene, second);
            foreach (var o in visible)
            {
                var (x, y) = SceneOracle.BoxCenter(o, style.Objects[o.Id], second);
                Pixels.AssertNear(style.Objects[o.Id].Color, Pixels.AtRatio(frame, 160, (x, y + 0.03)), tolerance: 20);
            }

            // Cells nobody occupies show the background.
            foreach (var cell in Enum.GetValues<GridCell>().Where(c => visible.All(o => SceneOracle.Cell(o, second) != c)))
            {
                Pixels.AssertNear(TestScenes.Background, Pixels.AtRatio(frame, 160, SceneOracle.CellCenter(cell)), tolerance: 12);
            }
        }
    }

    [Fact]
    public async Task AnUnwritablePath_ThrowsAVideoEncodeException_WithFfmpegsReason_AndLeavesNoFile()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "missing-folder", "video.mp4");
        var scene = TestScenes.Single(ShapeKind.Circle, ShapeColor.Red, GridCell.Center);
        var style = TestScenes.Style(1, TestScenes.Appearance(ShapeColor.Red, 0.2));

        var error = await Assert.ThrowsAsync<VideoEncodeException>(() => SceneVideo.WriteAsync(path, scene, style, new VideoEncoding(VideoCodec.H264, 2, 128), ct));

        Assert.Equal(path, error.Path);
        Assert.Contains("No such file or directory", error.StderrTail, StringComparison.Ordinal);
        Assert.Contains("video.mp4", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AFrameOfTheWrongSize_IsRefused_AndAnAbandonedVideoIsDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var path = folder.File("abandoned.mp4");

        var writer = VideoWriter.Start(path, new VideoEncoding(VideoCodec.H264, 2, 128));
        await using (writer)
        {
            await writer.WriteFrameAsync(new byte[128 * 128 * 3], ct);
            await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteFrameAsync(new byte[100], ct));
            Assert.Equal(1, writer.FrameCount);
        }

        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(1, 160)]
    [InlineData(3, 127)]
    [InlineData(3, 482)]
    [InlineData(3, 161)]
    public void Encodings_OutsideTheTask_AreRefused(int framesPerSecond, int sizePixels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoEncoding(VideoCodec.H264, framesPerSecond, sizePixels));
    }
}
