using SparseVila.Engine.Video;
using TorchSharp;

namespace SparseVila.Engine.Tests.Video;

public sealed class FrameReaderTests(TestVideos videos)
{
    private static readonly double[] ClipMean = [0.48145466, 0.4578275, 0.40821073];
    private static readonly double[] ClipStd = [0.26862954, 0.26130258, 0.27577711];
    private static readonly ImagePreprocessing Small = ImagePreprocessing.FromJson(PreprocessorConfigs.SmallSiglip(16, 16));

    [Theory]
    [InlineData("h264")]
    [InlineData("vp9")]
    public async Task FixedRate_OneFramePerSecond_ShowsTheColourOfEachSecond(string codec)
    {
        using var batches = await ReadRgbAsync(await videos.ColoursAsync(codec), new FixedRateFrameSampling(1), Small, batchFrames: 8);

        var batch = Assert.Single(batches);
        Assert.Equal([0.0, 1.0, 2.0, 3.0], batch.TimestampsSeconds);
        Assert.Equal([0, 1, 2, 3], batch.FrameIndices);
        // lavfi's red, green (#008000), blue and white, within what yuv420p and the codec change.
        (int R, int G, int B)[] expected = [(255, 0, 0), (0, 128, 0), (0, 0, 255), (255, 255, 255)];
        for (var frame = 0; frame < 4; frame++)
        {
            AssertNear(expected[frame], Pixel(batch.Rgb, frame, 8, 8), tolerance: 8);
        }
    }

    [Theory]
    [InlineData("h264", 3.0, 0)]    // t = k/3: whole seconds land exactly on frames 10, 20, 30
    [InlineData("vp9", 3.0, 0)]
    [InlineData("h264", 10.0, 0)]   // the source's own rate: every frame once
    [InlineData("h264", 0, 8)]      // uniform: t = 0.25, 0.75, … 3.75
    [InlineData("vp9", 0, 8)]
    public async Task EverySampledFrame_IsTheFrameDisplayedAtItsTimestamp(string codec, double framesPerSecond, int uniformFrameCount)
    {
        FrameSampling sampling = uniformFrameCount > 0 ? new UniformFrameSampling(uniformFrameCount) : new FixedRateFrameSampling(framesPerSecond);
        using var batches = await ReadRgbAsync(await videos.CounterAsync(codec), sampling, Small, batchFrames: 5);

        var timestamps = batches.SelectMany(b => b.TimestampsSeconds).ToList();
        var shown = batches.SelectMany(b => Enumerable.Range(0, b.FrameCount).Select(i => CounterFrame(b.Rgb, i))).ToList();
        Assert.Equal(sampling.TimestampsSeconds(4.0), timestamps);
        // The frame displayed at t is the last one starting at or before t: floor(t · 10), give or take rounding of t.
        Assert.Equal(timestamps.Select(t => (int)Math.Floor(t * TestVideos.CounterFramesPerSecond + 1e-9)), shown);
    }

    [Fact]
    public async Task ReadAsync_RescalesAndNormalisesAsHuggingFaceDoes()
    {
        var clip = ImagePreprocessing.FromJson(PreprocessorConfigs.SmallClip(32, 32));
        var video = await videos.ColoursAsync("h264");
        var sampling = new FixedRateFrameSampling(1);

        using var normalised = await ReadAsync(video, sampling, clip, batchFrames: 4);
        using var decoded = await ReadRgbAsync(video, sampling, clip, batchFrames: 4);

        using var scope = torch.NewDisposeScope();
        var pixels = Assert.Single(normalised).Pixels;                                                  // (4, 3, 32, 32)
        var rgb = Assert.Single(decoded).Rgb;                                                           // (4, 32, 32, 3)

        Assert.Equal([4L, 3, 32, 32], pixels.shape);
        Assert.Equal(torch.ScalarType.Float32, pixels.dtype);
        // Red, by hand: ((255 / 255) − 0.48145466) / 0.26862954 = 1.93034; (0 − 0.4578275) / 0.26130258 = −1.75210;
        // (0 − 0.40821073) / 0.27577711 = −1.48022. The codec may move a value by a few levels: 8 / 255 / std.
        var centre = pixels[0, .., 16, 16].data<float>().ToArray();
        Assert.Equal(1.93034, centre[0], 8 / 255.0 / 0.26862954);
        Assert.Equal(-1.75210, centre[1], 8 / 255.0 / 0.26130258);
        Assert.Equal(-1.48022, centre[2], 8 / 255.0 / 0.27577711);
        // Every value, from the decoded bytes of the same frames: ((v / 255) − mean) / std.
        var mean = torch.tensor(ClipMean).reshape(1, 3, 1, 1);                                          // (1, 3, 1, 1)
        var std = torch.tensor(ClipStd).reshape(1, 3, 1, 1);                                            // (1, 3, 1, 1)
        var expected = (rgb.permute(0, 3, 1, 2).to_type(torch.ScalarType.Float64) / 255.0 - mean) / std;    // (4, 3, 32, 32)
        Assert.True(pixels.to_type(torch.ScalarType.Float64).allclose(expected, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public async Task ShortestEdgeResizeThenCentreCrop_KeepsTheMiddleOfAWideVideo()
    {
        // 96×48 → shortest edge 24 gives 48×24 (bands red 0–16, green 16–32, blue 32–48); the 24×24 centre crop starts at x = 12.
        var clip = ImagePreprocessing.FromJson(PreprocessorConfigs.SmallClip(24, 24));

        using var batches = await ReadRgbAsync(await videos.WideBandsAsync(), new UniformFrameSampling(1), clip, batchFrames: 1);

        var batch = Assert.Single(batches);

        Assert.Equal([1L, 24, 24, 3], batch.Rgb.shape);
        AssertNear((255, 0, 0), Pixel(batch.Rgb, 0, 12, 0), tolerance: 24);
        AssertNear((0, 128, 0), Pixel(batch.Rgb, 0, 12, 12), tolerance: 24);
        AssertNear((0, 0, 255), Pixel(batch.Rgb, 0, 12, 23), tolerance: 24);
    }

    [Fact]
    public async Task DirectResize_SqueezesTheWholeFrame_ToANonSquareSize()
    {
        var siglip = ImagePreprocessing.FromJson(PreprocessorConfigs.SmallSiglip(heightPixels: 20, widthPixels: 30));

        using var batches = await ReadAsync(await videos.WideBandsAsync(), new UniformFrameSampling(2), siglip, batchFrames: 2);

        var batch = Assert.Single(batches);

        Assert.Equal([2L, 3, 20, 30], batch.Pixels.shape);
        // SigLIP's normalisation maps 255 to 1 and 0 to −1: left red, middle green, right blue.
        Assert.Equal(1, batch.Pixels[1, 0, 10, 0].item<float>(), 0.1);
        Assert.Equal(1, batch.Pixels[1, 2, 10, 29].item<float>(), 0.1);
        Assert.Equal(-1, batch.Pixels[1, 0, 10, 15].item<float>(), 0.1);
    }

    [Fact]
    public async Task Batches_AreFullThenTheRemainder_InOrder()
    {
        var sampling = new UniformFrameSampling(10);

        using var batches = await ReadAsync(await videos.CounterAsync("h264"), sampling, Small, batchFrames: 4);

        Assert.Equal([4, 4, 2], batches.Select(b => (int)b.Pixels.shape[0]));
        Assert.All(batches, b => Assert.Equal([b.FrameCount, 3L, 16, 16], b.Pixels.shape));
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b.FrameIndices));
        Assert.Equal(sampling.TimestampsSeconds(4.0), batches.SelectMany(b => b.TimestampsSeconds));
    }

    [Fact]
    public async Task StreamEndingWithinTheLastFrame_RepeatsTheLastDecodedFrame()
    {
        // Without its last packet the file still claims 4 s, but ffmpeg decodes frames 0–38 only.
        var video = await videos.CounterWithoutLastFrameAsync();

        using var batches = await ReadRgbAsync(video, new FixedRateFrameSampling(10), Small, batchFrames: 16);

        var shown = batches.SelectMany(b => Enumerable.Range(0, b.FrameCount).Select(i => CounterFrame(b.Rgb, i))).ToList();
        Assert.Equal(40, shown.Count);
        Assert.Equal([.. Enumerable.Range(0, 39), 38], shown);
    }

    [Fact]
    public async Task FileCutInHalf_IsTruncated()
    {
        var video = await videos.TruncatedCopyAsync(await videos.PatternAsync(), "pattern-half.mp4", keepRatio: 0.5);

        var error = await Assert.ThrowsAsync<VideoDecodeException>(async () => (await ReadAsync(video, new FixedRateFrameSampling(1), Small, batchFrames: 4)).Dispose());

        Assert.Equal(VideoDecodeError.Truncated, error.Reason);
        Assert.StartsWith("'pattern-half.mp4' ends early: it claims 10 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", VideoDecodeError.NotFound)]
    [InlineData("empty", VideoDecodeError.Empty)]
    [InlineData("audio", VideoDecodeError.NoVideoStream)]
    [InlineData("random", VideoDecodeError.Undecodable)]
    public async Task BadFiles_FailWithTheirReason(string kind, VideoDecodeError reason)
    {
        var path = kind switch
        {
            "missing" => Path.Combine(videos.Folder, "missing.mp4"),
            "empty" => videos.WriteBytes("empty-read.mp4", 0),
            "audio" => await videos.AudioOnlyAsync(),
            _ => videos.WriteBytes("random-read.mp4", 4096),
        };

        var error = await Assert.ThrowsAsync<VideoDecodeException>(async () => (await ReadAsync(path, new UniformFrameSampling(4), Small, batchFrames: 4)).Dispose());

        Assert.Equal((reason, path), (error.Reason, error.Path));
    }

    [Fact]
    public async Task Cancelling_KillsFfmpeg()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "finds ffmpeg through /proc");
        var video = videos.UniqueCopy(await videos.PatternAsync());
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // 40 frames of 224 × 224 × 3 bytes: far more than a pipe holds, so ffmpeg is still running after the first.
        var clip = ImagePreprocessing.FromJson(PreprocessorConfigs.SmallClip(224, 224));
        var frames = FrameReader.ReadAsync(video, new FixedRateFrameSampling(4), clip, batchFrames: 1, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        try
        {
            Assert.True(await frames.MoveNextAsync());
            frames.Current.Dispose();
            Assert.Equal(1, TestVideos.CountFfmpegProcessesMentioning(video));

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await frames.MoveNextAsync());
            Assert.Equal(0, TestVideos.CountFfmpegProcessesMentioning(video));
        }
        finally
        {
            await frames.DisposeAsync();
        }
    }

    [Fact]
    public async Task LeavingTheLoopEarly_KillsFfmpeg()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "finds ffmpeg through /proc");
        var video = videos.UniqueCopy(await videos.PatternAsync());
        var clip = ImagePreprocessing.FromJson(PreprocessorConfigs.SmallClip(224, 224));
        var runningDuringTheLoop = 0;

        await foreach (var batch in FrameReader.ReadAsync(video, new FixedRateFrameSampling(4), clip, batchFrames: 1, TestContext.Current.CancellationToken))
        {
            batch.Dispose();
            runningDuringTheLoop = TestVideos.CountFfmpegProcessesMentioning(video);
            break;
        }

        Assert.Equal((1, 0), (runningDuringTheLoop, TestVideos.CountFfmpegProcessesMentioning(video)));
    }

    private static async Task<DisposableList<FrameBatch>> ReadAsync(string path, FrameSampling sampling, ImagePreprocessing preprocessing, int batchFrames)
    {
        var batches = new DisposableList<FrameBatch>();
        await foreach (var batch in FrameReader.ReadAsync(path, sampling, preprocessing, batchFrames, TestContext.Current.CancellationToken))
        {
            batches.Add(batch);
        }

        return batches;
    }

    private static async Task<DisposableList<RgbFrameBatch>> ReadRgbAsync(string path, FrameSampling sampling, ImagePreprocessing preprocessing, int batchFrames)
    {
        var batches = new DisposableList<RgbFrameBatch>();
        await foreach (var batch in FrameReader.ReadRgbAsync(path, sampling, preprocessing, batchFrames, TestContext.Current.CancellationToken))
        {
            batches.Add(batch);
        }

        return batches;
    }

    private static (int R, int G, int B) Pixel(torch.Tensor rgb, int frame, int y, int x)
    {
        var channels = rgb[frame, y, x].data<byte>().ToArray();   // (3,)
        return (channels[0], channels[1], channels[2]);
    }

    /// <summary>Which frame of the counter video this is, from its grey level.</summary>
    private static int CounterFrame(torch.Tensor rgb, int frame) =>
        (int)Math.Round(Pixel(rgb, frame, 8, 8).R / (double)TestVideos.CounterGreyStep);

    private static void AssertNear((int R, int G, int B) expected, (int R, int G, int B) actual, int tolerance) =>
        Assert.True(
            Math.Abs(expected.R - actual.R) <= tolerance && Math.Abs(expected.G - actual.G) <= tolerance && Math.Abs(expected.B - actual.B) <= tolerance,
            $"expected {expected} ± {tolerance}, got {actual}");
}
