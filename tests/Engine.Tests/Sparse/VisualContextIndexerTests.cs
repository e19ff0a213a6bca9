using SparseVila.Engine.Sparse;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class VisualContextIndexerTests(SparseEngineFixture engine) : IClassFixture<SparseEngineFixture>
{
    private static readonly VisualContextOptions Options = new() { KeepRatio = 0.5, WindowFrames = 1 };

    private async Task<List<FrameBatch>> WindowsAsync() =>
        await FrameReader.ReadAsync(engine.VideoPath, Options.Sampling, engine.Vlm.Preprocessing, Options.WindowFrames, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

    private static void AssertSameContext(VisualContext expected, VisualContext actual)
    {
        Assert.Equal(expected.Tokens, actual.Tokens);
        for (var layer = 0; layer < expected.Layers; layer++)
        {
            Assert.True(allclose(expected.Keys(layer), actual.Keys(layer), rtol: 1e-4, atol: 1e-5), $"layer {layer} keys differ");
            Assert.True(allclose(expected.Values(layer), actual.Values(layer), rtol: 1e-4, atol: 1e-5), $"layer {layer} values differ");
        }
    }

    [Fact]
    public async Task ResumedFromACommittedPrefix_EndsWithTheContextOfOneUninterruptedRun()
    {
        var windows = await WindowsAsync();
        Assert.True(windows.Count >= 3, $"the test video gave {windows.Count} windows");
        try
        {
            using var whole = new VisualContextIndexer(engine.Vlm, Options);
            windows.ForEach(whole.Append);
            using var expected = whole.Complete("test");

            using var first = new VisualContextIndexer(engine.Vlm, Options);
            windows.Take(2).ToList().ForEach(first.Append);
            using var committed = first.Complete("test");
            using var resumed = new VisualContextIndexer(engine.Vlm, Options, committed);
            Assert.Equal(2, resumed.FramesIndexed);
            Assert.Equal(windows[1].FrameIndices[^1] + 1, resumed.NextFrameIndex);

            windows.ForEach(resumed.Append);                                                          // the committed windows are skipped
            using var actual = resumed.Complete("test");

            AssertSameContext(expected, actual);
            Assert.Equal(expected.Stats.Frames, actual.Stats.Frames);
            Assert.Equal(expected.Stats.VisualTokensKept, actual.Stats.VisualTokensKept);
        }
        finally
        {
            windows.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task AViewAfterEachWindow_EndsAtAFrameBoundary_AndMatchesTheBuilder()
    {
        var windows = await WindowsAsync();
        try
        {
            using var indexer = new VisualContextIndexer(engine.Vlm, Options);
            foreach (var window in windows)
            {
                indexer.Append(window);
                using var view = indexer.View();
                Assert.Equal(indexer.LengthTokens, view.LengthTokens);
                Assert.Equal(window.FrameIndices[^1], view.Tokens[^1].FrameIndex);
                Assert.Equal(indexer.FramesIndexed, view.Stats.Frames);
            }

            using var built = await engine.BuildAsync(Options.KeepRatio, Options.WindowFrames);
            using var done = indexer.Complete("test");
            AssertSameContext(built, done);
        }
        finally
        {
            windows.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public void NoFrames_CompleteThrowsAVideoDecodeError()
    {
        using var indexer = new VisualContextIndexer(engine.Vlm, Options);

        var error = Assert.Throws<VideoDecodeException>(() => indexer.Complete("empty.mp4"));

        Assert.Equal(VideoDecodeError.Undecodable, error.Reason);
    }
}
