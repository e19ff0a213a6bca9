using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tests.EndToEnd;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class VisualContextTests(SparseEngineFixture engine) : IClassFixture<SparseEngineFixture>
{
    private static int TokensPerFrame => TinyCheckpointFolder.Config.VisualTokensPerFrame;

    [Fact]
    public async Task KeepAll_HoldsEveryFramesTokens_WithTheirTimesAndPatches()
    {
        using var context = await engine.BuildAsync(keepRatio: 1);

        Assert.Equal(4, context.Stats.Frames);
        Assert.Equal(4 * TokensPerFrame, context.Stats.VisualTokensBeforePruning);
        Assert.Equal(4 * TokensPerFrame, context.VisualPositions.Count);
        var visual = context.VisualPositions.Select(p => context.Tokens[p]).ToList();
        Assert.Equal([0.0, 1.0, 2.0, 3.0], visual.Select(t => t.TimestampSeconds).Distinct());
        Assert.All(visual.GroupBy(t => t.FrameIndex), frame => Assert.Equal(Enumerable.Range(0, TokensPerFrame), frame.Select(t => t.PatchIndex)));
        Assert.Equal(context.LengthTokens, (int)context.Keys(0).shape[2]);
    }

    [Fact]
    public async Task KeepHalf_KeepsHalfOfEachWindow_AndEveryFrameStaysRepresented()
    {
        using var context = await engine.BuildAsync(keepRatio: 0.5, windowFrames: 2);

        Assert.Equal(2 * TokensPerFrame, context.Stats.VisualTokensKept);
        Assert.Equal(2 * TokensPerFrame, context.VisualPositions.Count);
        Assert.Equal(4, context.VisualPositions.Select(p => context.Tokens[p].FrameIndex).Distinct().Count());
    }

    [Fact]
    public async Task ContextKeys_EqualADensePrefillOfTheSamePrompt_WhateverTheChunking()
    {
        using var context = await engine.BuildAsync(keepRatio: 1, windowFrames: 3, prefillChunkTokens: 7);
        var vlm = engine.Vlm;
        var video = await vlm.FrameEncoder.EncodeVideoAsync(engine.VideoPath, new FixedRateFrameSampling(1), 8, TestContext.Current.CancellationToken);
        var opening = string.Concat(vlm.NewChat().System(new VisualContextOptions().SystemPrompt).Build().OfType<TextSegment>().Select(s => s.Text));
        var prompt = vlm.Assembler.Assemble([new TextSegment(opening + vlm.Template.RenderUserTurnStart()), video]);
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        using var cache = vlm.Model.LanguageModel.NewCache(512, ScalarType.Float32, CPU);

        vlm.Model.LanguageModel.Forward(new DecoderInput(prompt.Embed(vlm.Model.EmbedTokens), [cache], Logits: LogitsSelection.None));

        Assert.Equal(prompt.Tokens, context.LengthTokens);
        for (var layer = 0; layer < context.Layers; layer++)
        {
            Assert.True(context.Keys(layer).allclose(cache.Layer(layer).Keys, rtol: 1e-4, atol: 1e-5), $"keys of layer {layer}");
            Assert.True(context.Values(layer).allclose(cache.Layer(layer).Values, rtol: 1e-4, atol: 1e-5), $"values of layer {layer}");
        }
    }

    [Fact]
    public async Task AFileWithNoVideo_IsATypedError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sparsevila-empty-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, [], TestContext.Current.CancellationToken);
        try
        {
            var error = await Assert.ThrowsAsync<VideoDecodeException>(() =>
                new VisualContextBuilder(engine.Vlm).BuildAsync(path, new VisualContextOptions(), TestContext.Current.CancellationToken));
            Assert.Equal(VideoDecodeError.Empty, error.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
