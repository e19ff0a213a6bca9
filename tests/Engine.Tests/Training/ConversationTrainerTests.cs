using SparseVila.Engine.Model;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tests.EndToEnd;
using SparseVila.Engine.Tests.Tokenization;
using SparseVila.Engine.Tokenization;
using SparseVila.Engine.Training;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Training;

public sealed class ConversationTrainerTests
{
    private static async Task<(CheckpointFolder Folder, LlavaModel Model, ITextTokenizer Tokenizer)> TinyAsync()
    {
        var folder = await TinyCheckpointFolder.WriteAsync();
        return (folder, LlavaModel.Load(folder.Path, ModelLoadOptions.Cpu), TokenizerLoader.Load(folder.Path));
    }

    [Fact]
    public async Task Training_DrivesTheAnswerLossDown_OnAConversationItSees()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(2, 3, 28, 28);
        var conversation = new TrainingConversation(pixels, [0.0, 1.0], [("the cat?", "the cat"), ("the é?", "é")]);
        var options = new TrainingOptions { LearningRate = 3e-3, WarmupSteps = 1, TotalSteps = 40, ConversationsPerStep = 1, PruneAugmentFraction = 0.5 };
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(), options, seed: 1);

        var before = trainer.Loss(conversation);
        for (var step = 0; step < 40; step++)
        {
            trainer.Train(conversation);
        }

        var after = trainer.Loss(conversation);
        Assert.Equal(40, trainer.Steps);
        Assert.True(after < before * 0.2, $"loss {before:F3} → {after:F3}");
    }

    [Fact]
    public void TrainingInitialization_BringsTheFirstLossOfATiedModelNearLnV()
    {
        using var model = Model.TinyModels.Model(Model.TinyModels.Config(tie: true));
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var ids = randint(0, Model.TinyModels.VocabSize, [1, 32]);
        double Loss()
        {
            using var cache = model.LanguageModel.NewCache(64, ScalarType.Float32, CPU);
            var logits = model.LanguageModel.Forward(new SparseVila.Engine.Model.Text.DecoderInput(model.EmbedTokens(ids), [cache], Logits: SparseVila.Engine.Model.Text.LogitsSelection.AllTokens));
            return nn.functional.cross_entropy(logits[0, ..^1], ids[0, 1..]).item<float>();
        }

        var before = Loss();
        TrainingInitialization.Apply(model);
        var after = Loss();

        var lnV = Math.Log(Model.TinyModels.VocabSize);
        Assert.True(before > 2 * lnV, $"default init: {before:F2}");
        Assert.InRange(after, 0.8 * lnV, 1.2 * lnV);
    }

    [Fact]
    public async Task LearningRate_WarmsUpLinearly_ThenDecaysToATenth()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(),
            new TrainingOptions { LearningRate = 1.0, WarmupSteps = 10, TotalSteps = 110 }, seed: 1);

        Assert.Equal(0.1, trainer.LearningRateAt(0), 9);
        Assert.Equal(1.0, trainer.LearningRateAt(9), 9);
        Assert.Equal(0.55, trainer.LearningRateAt(60), 9);
        Assert.Equal(0.1, trainer.LearningRateAt(110), 9);
        Assert.Equal(0.1, trainer.LearningRateAt(500), 9);
    }

    /// <summary>Fast training (60 steps, one conversation each, no pruning) with <paramref name="evidence"/> supervised.</summary>
    private static TrainingOptions EvidenceOptions(EvidenceAttention evidence) => new()
    {
        LearningRate = 3e-3, WarmupSteps = 1, TotalSteps = 60, ConversationsPerStep = 1, PruneAugmentFraction = 0, EvidenceAttention = evidence,
    };

    /// <summary>Two turns over two frames at seconds 2 and 3, with <paramref name="evidence"/> per turn.</summary>
    private static TrainingConversation TwoTurnsAtSeconds2And3(Tensor pixels, EvidenceTarget?[] evidence) =>
        new(pixels, [2.0, 3.0], [("the cat?", "the cat"), ("the é?", "é")], Evidence: evidence);

    [Fact]
    public async Task EvidenceAttention_TeachesTheQuestionToLookAtItsEvidence_AndChecksTheTargets()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(2, 3, 28, 28);
        EvidenceTarget?[] evidence = [new EvidenceTarget(1, [0]), null];
        var conversation = new TrainingConversation(pixels, [0.0, 1.0], [("the cat?", "the cat"), ("the é?", "é")], Evidence: evidence);
        var layers = model.Config.Text.NumHiddenLayers;
        var options = EvidenceOptions(new EvidenceAttention(layers - 1, Weight: 1, ReadoutWeight: 1));
        var template = ChatTemplate.ForModelType("qwen2");
        using var trainer = new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(), options, seed: 1);

        var first = trainer.Train(conversation);
        var last = first;
        for (var step = 1; step < 40; step++)
        {
            last = trainer.Train(conversation);
        }

        Assert.True(first.EvidenceLoss > 0.5, $"first evidence loss {first.EvidenceLoss:F3}");
        Assert.True(last.EvidenceLoss < first.EvidenceLoss * 0.3, $"evidence loss {first.EvidenceLoss:F3} → {last.EvidenceLoss:F3}");
        Assert.True(first.EvidenceReadoutLoss > 0.5, $"first read-out loss {first.EvidenceReadoutLoss:F3}");
        Assert.True(last.EvidenceReadoutLoss < first.EvidenceReadoutLoss * 0.3, $"read-out loss {first.EvidenceReadoutLoss:F3} → {last.EvidenceReadoutLoss:F3}");
        Assert.Equal(0, trainer.Train(conversation with { Evidence = null }).EvidenceLoss);
        Assert.Throws<ArgumentException>(() => trainer.Train(conversation with { Evidence = [evidence[0]] }));
        Assert.Throws<ArgumentException>(() => trainer.Train(conversation with { Evidence = [new EvidenceTarget(2, [0]), null] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { EvidenceAttention = new EvidenceAttention(layers, Weight: 1) }, seed: 1));
    }

    [Fact]
    public async Task EvidenceReadouts_ReadTheCellOnlyOfPatchTargets_AndTheSecondOnlyOfTimeTargets()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(2, 3, 28, 28);
        var options = EvidenceOptions(new EvidenceAttention(model.Config.Text.NumHiddenLayers - 1, Weight: 1, ReadoutWeight: 1, TimeReadoutWeight: 1, TimeReadoutSeconds: 4));
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(), options, seed: 1);
        TrainingConversation With(params EvidenceTarget?[] evidence) => TwoTurnsAtSeconds2And3(pixels, evidence);

        var timed = With(new EvidenceTarget(1, [0], EvidenceReadout.Time), null);
        var first = trainer.Train(timed);
        var last = first;
        for (var step = 1; step < 40; step++)
        {
            last = trainer.Train(timed);
        }

        var none = trainer.Train(With(new EvidenceTarget(1, [0], EvidenceReadout.None), null));
        var cell = trainer.Train(With(new EvidenceTarget(1, [4], EvidenceReadout.Patch), null));
        // A frame at a second the probe does not tell apart is found but not read.
        var late = trainer.Train(new TrainingConversation(pixels, [2.0, 9.0], [("the cat?", "the cat"), ("the é?", "é")], Evidence: [new EvidenceTarget(1, [0], EvidenceReadout.Time), null]));

        Assert.True(first.TimeReadoutLoss > 0.5, $"first time read-out loss {first.TimeReadoutLoss:F3}");
        Assert.True(last.TimeReadoutLoss < first.TimeReadoutLoss * 0.3, $"time read-out loss {first.TimeReadoutLoss:F3} → {last.TimeReadoutLoss:F3}");
        Assert.Equal(0, first.EvidenceReadoutLoss);
        Assert.True(none.EvidenceLoss > 0);
        Assert.Equal((0.0, 0.0), (none.EvidenceReadoutLoss, none.TimeReadoutLoss));
        Assert.True(cell.EvidenceReadoutLoss > 0);
        Assert.Equal(0, cell.TimeReadoutLoss);
        Assert.True(late.EvidenceLoss > 0);
        Assert.Equal(0, late.TimeReadoutLoss);
    }

    [Fact]
    public async Task AnswerReadout_LearnsTheAnswerClassOfTargetsThatNameOne_AndReadsNothingElse()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(2, 3, 28, 28);
        var options = EvidenceOptions(new EvidenceAttention(model.Config.Text.NumHiddenLayers - 1, Weight: 1, AnswerReadoutWeight: 1, AnswerReadoutClasses: 3));
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(), options, seed: 1);
        TrainingConversation With(params EvidenceTarget?[] evidence) => TwoTurnsAtSeconds2And3(pixels, evidence);

        var named = With(new EvidenceTarget(1, [0], EvidenceReadout.None, AnswerClass: 2), new EvidenceTarget(0, [3], EvidenceReadout.Patch, AnswerClass: 0));
        var first = trainer.Train(named);
        var last = first;
        for (var step = 1; step < 40; step++)
        {
            last = trainer.Train(named);
        }

        var unnamed = trainer.Train(With(new EvidenceTarget(1, [0], EvidenceReadout.None), null));
        var beyond = trainer.Train(With(new EvidenceTarget(1, [0], EvidenceReadout.None, AnswerClass: 3), null));       // not a class the probe tells apart

        Assert.True(first.AnswerReadoutLoss > 0.5, $"first answer read-out loss {first.AnswerReadoutLoss:F3}");
        Assert.True(last.AnswerReadoutLoss < first.AnswerReadoutLoss * 0.3, $"answer read-out loss {first.AnswerReadoutLoss:F3} → {last.AnswerReadoutLoss:F3}");
        Assert.Equal((0.0, 0.0), (first.EvidenceReadoutLoss, first.TimeReadoutLoss));                                    // their probes are off
        Assert.True(unnamed.EvidenceLoss > 0);
        Assert.Equal(0, unnamed.AnswerReadoutLoss);
        Assert.Equal(0, beyond.AnswerReadoutLoss);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(),
            options with { EvidenceAttention = options.EvidenceAttention! with { AnswerReadoutClasses = 0 } }, seed: 1));
    }

    [Fact]
    public void EvidenceProbing_AttendsAsCausalAttentionDoes_AndKeepsItsHeadsProbabilitiesOfItsRows_EachWithItsOwnKvHead()
    {
        using var scope = NewDisposeScope();
        var (heads, kvHeads, tokens, headDim) = (4, 2, 6, 8);
        var q = randn(1, heads, tokens, headDim);
        var k = randn(1, kvHeads, tokens, headDim);
        var v = randn(1, kvHeads, tokens, headDim);
        // Heads 1 and 2 straddle the two KV groups: head 1 reads KV head 0, head 2 KV head 1.
        using var probing = new EvidenceProbingAttention(kvHeads, [new AttentionProbe(Layer: 1, FirstHead: 1, Heads: 2, Rows: [2, 5]), new AttentionProbe(Layer: 0, FirstHead: 3, Heads: 1, Rows: [4])]);

        var other = probing.Attend(0, q, k, v);
        Assert.Null(probing.Probabilities(0));
        Assert.Equal([1L, 1L, (long)tokens], probing.Probabilities(1)!.shape);
        var output = probing.Attend(1, q, k, v);

        Assert.True(output.allclose(new CausalSequenceAttention(kvHeads).Attend(1, q, k, v), 1e-5, 1e-5));
        Assert.True(other.allclose(output));
        var probabilities = probing.Probabilities(0)!;                                              // (H, R, T)
        Assert.Equal([2L, 2L, (long)tokens], probabilities.shape);
        foreach (var (probed, head, kvHead) in new[] { (0, 1, 0), (1, 2, 1) })
        {
            foreach (var (row, position) in new[] { (0, 2), (1, 5) })
            {
                var scores = q[0, head, position].matmul(k[0, kvHead, ..(position + 1)].transpose(0, 1)) / Math.Sqrt(headDim);
                var expected = cat([scores.softmax(-1), zeros(tokens - position - 1)]);
                Assert.True(probabilities[probed, row].allclose(expected, 1e-5, 1e-6));
                var attended = expected.matmul(v[0, kvHead]);                                       // (Dh,)
                Assert.True(probing.Outputs(0)![row, (probed * headDim)..((probed + 1) * headDim)].allclose(attended, 1e-5, 1e-5));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new EvidenceProbingAttention(kvHeads, [new AttentionProbe(0, 3, 2, [1])]).Attend(0, q, k, v));
    }

    [Fact]
    public async Task FrameBinding_TeachesVisualTokensToAttendToTheirFramesMarkerNumber()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(3, 3, 28, 28);
        var conversation = new TrainingConversation(pixels, [0.0, 1.0, 2.0], [("the cat?", "the cat"), ("the é?", "é")]);
        var layers = model.Config.Text.NumHiddenLayers;
        var options = AuxiliaryLosses.Fast with { FrameBinding = new FrameBinding(Layer: 0, Heads: 1, Weight: 1) };
        var template = ChatTemplate.ForModelType("qwen2");
        using var trainer = new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(), options, seed: 1);

        AuxiliaryLosses.AssertLearnt(trainer, conversation, r => r.FrameBindingLoss, "binding");
        Assert.Equal(0, trainer.Train(conversation).EvidenceLoss);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { FrameBinding = new FrameBinding(layers, 1, 1) }, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { FrameBinding = new FrameBinding(0, model.Config.Text.NumAttentionHeads + 1, 1) }, seed: 1));
        Assert.Equal("FrameBinding", Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(),
            options with { FrameBinding = new FrameBinding(0, 1, 0) }, seed: 1)).ParamName);
        // A marker without a digit gives nothing to bind to: refused, not trained on silently.
        using var noDigits = new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat { TimestampMarker = "frame:" }, options, seed: 1);
        Assert.Throws<InvalidOperationException>(() => noDigits.Train(conversation));
    }

    [Fact]
    public async Task OptionsOutOfRange_AreRefused_NamingTheOne()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        var template = ChatTemplate.ForModelType("qwen2");
        ConversationTrainer Create(TrainingOptions options) => new(model, tokenizer, template, new VideoPromptFormat(), options, seed: 1);

        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { LearningRate = 0 })).ParamName);
        Assert.Equal("ConversationsPerStep", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { ConversationsPerStep = 0 })).ParamName);
        Assert.Equal("PruneAugmentFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { PruneAugmentFraction = 1.5 })).ParamName);
        Assert.Equal("AugmentKeepRatios", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { AugmentKeepRatios = [0] })).ParamName);
        Assert.Equal("AugmentFrameFloorRatio", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { AugmentFrameFloorRatio = 1.5 })).ParamName);
        Assert.Equal("AugmentPruningScore", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { AugmentPruningScore = (PruningScore)7 })).ParamName);
        Assert.Equal("PatchProbes", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { PatchProbes = [new PatchProbe(3, 0.5, NoneClassWeight: 0)] })).ParamName);
        Assert.Equal("PatchProbes", Assert.Throws<ArgumentOutOfRangeException>(() => Create(new TrainingOptions { PatchProbes = [new PatchProbe(0, 0.5)] })).ParamName);
        Create(new TrainingOptions { PruneAugmentFraction = 0, AugmentKeepRatios = [] }).Dispose();
        Create(new TrainingOptions { PatchProbes = [new PatchProbe(3, 0.5, NoneClassWeight: 0.2)] }).Dispose();
    }

    [Theory]
    [InlineData(PruningScore.Distinctiveness)]
    [InlineData(PruningScore.ClassAttention)]
    public async Task PruningAugmentation_KeepsTheBudget_AndWithAFloorOfOne_EveryFramesEvenShare(PruningScore score)
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        // One busy frame among three flat ones: ranked over the whole clip, the busy frame's tokens stand out.
        var busy = arange(3 * 28 * 28, dtype: ScalarType.Float32).reshape(1, 3, 28, 28).sin().mul(3);       // (1, 3, 28, 28)
        var pixels = cat([busy, zeros(3, 3, 28, 28)], 0);                                                  // (4, 3, 28, 28)
        IReadOnlyList<long[]> Kept(double floor)
        {
            using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(),
                new TrainingOptions { AugmentPruningScore = score, AugmentFrameFloorRatio = floor }, seed: 1);
            return trainer.AugmentSelection(pixels, keepRatio: 0.5).Kept;
        }

        var tokensPerFrame = model.Config.VisualTokensPerFrame;
        var even = (int)Math.Round(0.5 * tokensPerFrame);
        var evenShare = Kept(floor: 1);
        var clipWide = Kept(floor: 0);

        Assert.All(evenShare, k => Assert.Equal(even, k.Length));
        Assert.Equal(4 * even, clipWide.Sum(k => k.Length));
        Assert.All(clipWide, k => Assert.True(k.Length >= 1, "every frame keeps at least one token"));
        Assert.NotEqual(even, clipWide[0].Length);                                                         // ranked clip-wide, the frames' shares differ
    }

    [Fact]
    public async Task TheLayout_FollowsEachAnswerWithOneTurnEnd_AsInferenceFeedsIt_AndLearnsOnlyAnswersAndTheEndOfTurn()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(2, 3, 28, 28);
        var template = ChatTemplate.ForModelType("qwen2");
        var conversation = new TrainingConversation(pixels, [0.0, 1.0], [("the cat?", "the cat"), ("the é?", "é")]);
        using var trainer = new ConversationTrainer(model, tokenizer, template, new VideoPromptFormat(), new TrainingOptions(), seed: 1);

        var (ids, labels) = trainer.LayoutIds(conversation);

        // From the first answer on, exactly what inference feeds: the answer, then (the generated end of turn is not fed)
        // the next turn's text, which starts with the turn end. The tail is the last answer and its turn end.
        long[] Encode(string text) => [.. tokenizer.Encode(text).Select(t => (long)t)];
        long[] expectedTail = [.. Encode("the cat"), .. Encode(template.RenderAssistantTurnEnd() + template.RenderUserTurnStart() + "the é?" + template.RenderUserTurnEnd()),
            .. Encode("é"), .. Encode(template.RenderAssistantTurnEnd())];
        Assert.Equal(expectedTail, ids[^expectedTail.Length..]);
        var learned = labels.Where(l => l >= 0).ToArray();
        long[] expectedLearned = [.. Encode("the cat"), Encode(template.RenderAssistantTurnEnd())[0], .. Encode("é"), Encode(template.RenderAssistantTurnEnd())[0]];
        Assert.Equal(expectedLearned, learned);
    }

    [Fact]
    public async Task Train_ReportsWhichTurnsItAnswersRight_AndLearnsPatchTargetsThroughItsProbes()
    {
        var (folder, model, tokenizer) = await TinyAsync();
        using var _ = folder;
        using var __ = model;
        using var pixels = randn(2, 3, 28, 28);
        var patches = model.EncodeFrames(pixels).shape[1] - (model.Config.Vision.HasClassToken ? 1 : 0);
        using var targets = randint(0, 3, [2, patches]);
        var conversation = new TrainingConversation(pixels, [0.0, 1.0], [("the cat?", "the cat"), ("the é?", "é")], [targets]);
        var options = new TrainingOptions { LearningRate = 3e-3, WarmupSteps = 1, TotalSteps = 60, ConversationsPerStep = 1, PruneAugmentFraction = 0, PatchProbes = [new PatchProbe(3, Weight: 0.5)] };
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(), options, seed: 1);

        var first = trainer.Train(conversation);
        var last = first;
        for (var step = 1; step < 60; step++)
        {
            last = trainer.Train(conversation);
        }

        Assert.Equal([false, false], first.TurnsCorrect);
        Assert.Equal([true, true], last.TurnsCorrect);
        Assert.True(last.PatchTargetLoss < first.PatchTargetLoss * 0.3, $"patch loss {first.PatchTargetLoss:F3} → {last.PatchTargetLoss:F3}");
        using var nothing = full(2, patches, -100L);
        var unlearned = trainer.Train(conversation with { PatchTargets = [nothing] });
        Assert.Equal(0, unlearned.PatchTargetLoss);
        Assert.True(double.IsFinite(unlearned.Loss));
        var wrongTargets = conversation with { PatchTargets = [targets, targets] };
        Assert.Throws<ArgumentException>(() => trainer.Train(wrongTargets));
    }
}
