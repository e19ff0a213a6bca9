using SparseVila.Engine.Model;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Tests.EndToEnd;
using SparseVila.Engine.Tokenization;
using SparseVila.Engine.Training;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Training;

public sealed class SeenBeforeTests
{
    [Fact]
    public void LookBack_TargetsEarlierFramesOfTheSameLook_OrTheFirstTokenWhenNoneShowedIt()
    {
        // Three frames of four patches, whose first patches are at positions 10, 20 and 30. Look 5 is shown in frame 0 and
        // again, in another patch, in frame 2; look 7 twice in frame 1 (both new: one frame does not see itself) and in frame 2.
        long[] looks =
        [
            5, -1, -1, -1,
            -1, 7, -1, 7,
            7, -1, 5, -1,
        ];

        var (rows, targets) = ConversationTrainer.LookBack(looks, patchTokens: 4, [10, 20, 30]);

        Assert.Equal([10L, 21, 23, 30, 32], rows);
        Assert.Equal([0L], targets[0]);
        Assert.Equal([0L], targets[1]);
        Assert.Equal([0L], targets[2]);
        Assert.Equal([21L, 23], targets[3]);
        Assert.Equal([10L], targets[4]);
        Assert.Throws<ArgumentException>(() => ConversationTrainer.LookBack(looks, patchTokens: 4, [10, 20]));
    }

    [Fact]
    public async Task SeenBefore_IsLearnt_AndNeedsLooksOfTheFramesShape_AndALayerAndHeadsTheModelHas()
    {
        using var folder = await TinyCheckpointFolder.WriteAsync();
        using var model = LlavaModel.Load(folder.Path, ModelLoadOptions.Cpu);
        var tokenizer = TokenizerLoader.Load(folder.Path);
        var patches = model.Config.Vision.PatchTokens;
        using var pixels = randn(3, 3, 28, 28);
        var looks = Enumerable.Repeat(-1L, 3 * patches).ToArray();
        (looks[0], looks[patches + 1], looks[2 * patches + 2], looks[2 * patches]) = (4, 4, 4, 9);
        using var looksTensor = tensor(looks).reshape(3, patches);
        var conversation = new TrainingConversation(pixels, [0.0, 1.0, 2.0], [("the cat?", "the cat")], PatchLooks: looksTensor);
        var options = AuxiliaryLosses.Fast with { SeenBefore = new SeenBefore(Layer: 1, Heads: 1, Weight: 1) };
        var template = ChatTemplate.ForModelType("qwen2");
        using var trainer = new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(), options, seed: 1);

        AuxiliaryLosses.AssertLearnt(trainer, conversation, r => r.SeenBeforeLoss, "seen-before");
        Assert.Equal(0, trainer.Train(conversation with { PatchLooks = null }).SeenBeforeLoss);
        using var allPruned = new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(), options with { PruneAugmentFraction = 1, AugmentKeepRatios = [0.5] }, seed: 1);
        Assert.Equal(0, allPruned.Train(conversation).SeenBeforeLoss);                                // a pruned frame's patches are not where the looks say
        using var twoFramesOfLooks = tensor(looks[..(2 * patches)]).reshape(2, patches);
        Assert.Throws<ArgumentException>(() => trainer.Train(conversation with { PatchLooks = twoFramesOfLooks }));
        var layers = model.Config.Text.NumHiddenLayers;
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { SeenBefore = new SeenBefore(layers, 1, 1) }, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { SeenBefore = new SeenBefore(0, model.Config.Text.NumAttentionHeads + 1, 1) }, seed: 1));
        Assert.Equal("SeenBefore", Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { SeenBefore = new SeenBefore(0, 1, 0) }, seed: 1)).ParamName);
    }
}
