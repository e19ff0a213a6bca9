using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Engine.Video;
using TorchSharp;

namespace SparseVila.Engine.Tests.Sparse;

/// <summary>
/// Asking, indexing and storing make no tensor outside a dispose scope. In TorchSharp 0.107 a tensor no scope holds is kept alive
/// only by its managed wrapper, and a temporary (<c>tensor(ids).unsqueeze(0)</c>) is unreachable as soon as the native call
/// has its handle: the finalizer can then free it while libtorch still reads it (a benchmark segfaulted in libtorch
/// reading a freed tensor). A scope holds every tensor made in it until the scope ends.
/// </summary>
public sealed class TensorLifetimeTests(SparseEngineFixture engine) : IClassFixture<SparseEngineFixture>
{
    [Theory]
    [InlineData(DecodeMethod.SparseVila)]
    [InlineData(DecodeMethod.Dense)]
    [InlineData(DecodeMethod.FastV)]
    public async Task Asking_MakesNoTensorOutsideADisposeScope(DecodeMethod method)
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);
        using var conversation = new Conversation(engine.Vlm, context, new RetrievalOptions { Method = method, RetrievalRatio = 0.2 });

        MakesNoTensorOutsideAScope(() =>
        {
            for (var turn = 0; turn < 2; turn++)
            {
                Answer? answer = null;
                _ = conversation.Ask("the cat?", new AskOptions { MaxNewTokens = 4 }, a => answer = a).ToList();
                Assert.NotNull(answer);
            }
        });
    }

    [Theory]
    [InlineData(KvCodec.Fp16)]
    [InlineData(KvCodec.Int8)]
    [InlineData(KvCodec.Int4)]
    public async Task StoringAndReadingAContext_MakesNoTensorOutsideADisposeScope(KvCodec codec)
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5);

        MakesNoTensorOutsideAScope(() =>
        {
            using var stored = VisualContextSegments.RoundTrip(context, new KvCodecOptions(codec), framesPerSegment: 2);
            Assert.Equal(context.LengthTokens, stored.LengthTokens);
        });
    }

    [Fact]
    public async Task Indexing_AndResumingFromACommittedPrefix_MakeNoTensorOutsideADisposeScope()
    {
        var options = new VisualContextOptions { KeepRatio = 0.5, WindowFrames = 1 };
        var windows = await FrameReader.ReadAsync(engine.VideoPath, options.Sampling, engine.Vlm.Preprocessing, options.WindowFrames, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
        try
        {
            MakesNoTensorOutsideAScope(() =>
            {
                using var first = new VisualContextIndexer(engine.Vlm, options);
                windows.Take(2).ToList().ForEach(first.Append);
                using var committed = first.Complete("test");
                using var resumed = new VisualContextIndexer(engine.Vlm, options, committed);
                windows.ForEach(resumed.Append);
                using var view = resumed.View();
                using var context = resumed.Complete("test");
                Assert.Equal(view.LengthTokens, context.LengthTokens);
            });
        }
        finally
        {
            windows.ForEach(w => w.Dispose());
        }
    }

    /// <summary>Runs <paramref name="work"/> on this thread and asserts it made no tensor outside a scope (the statistics are the thread's).</summary>
    private static void MakesNoTensorOutsideAScope(Action work)
    {
        var before = DisposeScopeManager.Statistics.TensorStatistics.CreatedOutsideScopeCount;
        work();
        Assert.Equal(before, DisposeScopeManager.Statistics.TensorStatistics.CreatedOutsideScopeCount);
    }
}
