using SparseVila.Training.Shapes;
using TorchSharp;

namespace SparseVila.Training.Tests;

public sealed class FrameSourceTests
{
    [Fact]
    public void Render_GivesOneFramePerSecond_EachTheRenderersFrame()
    {
        var scene = TestScenes.ThreeObjects();
        var style = RenderStyleGenerator.Generate(scene, new Random(4));

        using var frames = FrameSource.Render(scene, style, sizePixels: 64);

        Assert.Equal([10L, 64, 64, 3], frames.shape);
        Assert.Equal(torch.ScalarType.Byte, frames.dtype);
        var bytes = frames.bytes.ToArray();
        for (var second = 0; second < scene.DurationSeconds; second++)
        {
            Assert.Equal(FrameRenderer.Render(scene, style, second, 64), bytes.AsSpan(second * 64 * 64 * 3, 64 * 64 * 3).ToArray());
        }
    }

    [Theory]
    [InlineData(VideoCodec.H264, 128)]
    [InlineData(VideoCodec.Vp9, 96)]
    public async Task RenderThroughCodec_IsCloseToTheDirectFrames_WithArtefacts(VideoCodec codec, int sizePixels)
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var scene = TestScenes.ThreeObjects();
        var style = RenderStyleGenerator.Generate(scene, new Random(4));

        using var direct = FrameSource.Render(scene, style, sizePixels);
        using var roundTrip = await FrameSource.RenderThroughCodecAsync(scene, style, new VideoEncoding(codec, 2, 128), sizePixels, folder.Path, ct);

        Assert.Equal(direct.shape, roundTrip.shape);
        Assert.Equal(torch.ScalarType.Byte, roundTrip.dtype);
        using var difference = (direct.to(torch.ScalarType.Float32) - roundTrip.to(torch.ScalarType.Float32)).abs();
        var meanDifference = difference.mean().item<float>();
        // Frames in the wrong order or at the wrong seconds would differ by tens of levels over whole objects.
        Assert.InRange(meanDifference, 0.01f, 4f);
        using var perFrame = difference.mean([1, 2, 3]);
        Assert.True(perFrame.max().item<float>() < 8f, $"a frame differs by {perFrame.max().item<float>()} levels on average");
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
