using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Tests.Tokenization;
using SparseVila.Engine.Tests.Video;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.EndToEnd;

/// <summary>A whole checkpoint folder loaded together, a generated video encoded, a chat prompt assembled and answered.</summary>
public sealed class VideoLanguageModelTests(TestVideos videos)
{
    [Fact]
    public async Task VideoToAnswer_BuildsTheChatPromptWithTimestampedFrames_AndGeneratesDeterministically()
    {
        using var folder = await TinyCheckpointFolder.WriteAsync();
        using var vlm = VideoLanguageModel.Load(folder.Path, ModelLoadOptions.Cpu);
        var video = await videos.ColoursAsync("h264");

        var segment = await vlm.FrameEncoder.EncodeVideoAsync(video, new FixedRateFrameSampling(1), batchFrames: 3, TestContext.Current.CancellationToken);
        var segments = vlm.NewChat().System("Be brief.").User("<video>\nthe cat?", segment).Build();
        var prompt = vlm.Assembler.Assemble(segments);

        Assert.Equal([0.0, 1.0, 2.0, 3.0], segment.Frames.Select(f => f.TimestampSeconds));
        Assert.Equal([0.0, 1.0, 2.0, 3.0], prompt.Slots.Select(s => s.TimestampSeconds));
        Assert.Equal(4 * TinyCheckpointFolder.Config.VisualTokensPerFrame, prompt.VisualTokens);
        var text = vlm.Tokenizer.Decode(prompt.TokenIds.Where(id => id != TinyCheckpointFolder.Config.ImageTokenId));
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n0s:\n1s:\n2s:\n3s:\n\nthe cat?<|im_end|>\n<|im_start|>assistant\n", text);
        Assert.All(prompt.Slots, slot => Assert.Equal(TinyCheckpointFolder.Config.ImageTokenId, prompt.TokenIds[slot.StartToken]));

        var first = Answer(vlm, prompt, chunkTokens: 16);
        var second = Answer(vlm, prompt, chunkTokens: 1000);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.Equal(FirstTokenByFullForward(vlm, prompt), first.TokenIds.Count > 0 ? first.TokenIds[0] : TinyByteLevelBpe.ImEnd);
    }

    [Fact]
    public async Task PromptEmbeddings_HoldEachFramesVisualTokensInItsSlot()
    {
        using var folder = await TinyCheckpointFolder.WriteAsync();
        using var vlm = VideoLanguageModel.Load(folder.Path, ModelLoadOptions.Cpu);
        var segment = await vlm.FrameEncoder.EncodeVideoAsync(await videos.ColoursAsync("h264"), new UniformFrameSampling(2), 8, TestContext.Current.CancellationToken);
        var prompt = vlm.Assembler.Assemble(vlm.NewChat().User("<video>what?", segment).Build());
        using var scope = NewDisposeScope();
        using var inference = no_grad();

        var embeddings = prompt.Embed(vlm.Model.EmbedTokens);                                     // (1, T, D)

        for (var i = 0; i < prompt.Slots.Count; i++)
        {
            var slot = prompt.Slots[i];
            Assert.True(embeddings[0, slot.StartToken..(slot.StartToken + slot.Tokens)].allclose(segment.Frames[i].Embeddings));
        }

        Assert.NotEqual(segment.Frames[0].Embeddings.sum().item<float>(), segment.Frames[1].Embeddings.sum().item<float>());
    }

    [Fact]
    public void MismatchedPlaceholders_AreRejected()
    {
        var builder = new ChatPromptBuilder(SparseVila.Engine.Tokenization.ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat());

        Assert.Throws<ArgumentException>(() => builder.User("<video> and <video>", new VideoSegment([])));
    }

    private static GenerationResult Answer(VideoLanguageModel vlm, AssembledPrompt prompt, int chunkTokens)
    {
        using var cache = vlm.Model.LanguageModel.NewCache(256, ScalarType.Float32, CPU);
        using var embeddings = prompt.Embed(vlm.Model.EmbedTokens);
        using var logits = vlm.Generator.Prefill(embeddings, cache, chunkTokens);
        GenerationResult? result = null;
        _ = vlm.Generator.Generate(logits, cache, new SamplingOptions { MaxNewTokens = 6, StopStrings = vlm.Template.StopStrings }, r => result = r).ToList();
        return result!;
    }

    private static int FirstTokenByFullForward(VideoLanguageModel vlm, AssembledPrompt prompt)
    {
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        using var cache = vlm.Model.LanguageModel.NewCache(256, ScalarType.Float32, CPU);
        var logits = vlm.Model.LanguageModel.Forward(new DecoderInput(prompt.Embed(vlm.Model.EmbedTokens), [cache], Logits: LogitsSelection.AllTokens));
        return (int)logits[0, ^1, ..vlm.Tokenizer.VocabularySize].argmax().item<long>(); // ids past the tokenizer's are never generated
    }
}
