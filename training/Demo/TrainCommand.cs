using System.CommandLine;
using System.Diagnostics;
using SparseVila.Engine;
using SparseVila.Engine.Model;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tokenization;
using SparseVila.Engine.Training;
using SparseVila.Engine.Video;
using SparseVila.Training.Shapes;
using static TorchSharp.torch;

namespace SparseVila.Training.Demo;

/// <summary>
/// <c>train</c>: trains the embedded default model on shapes examples made from seeds, evaluating on
/// held-out seeds (1,000,000 onwards, never trained on) and saving the best checkpoint to --out.
/// </summary>
public static class TrainCommand
{
    /// <summary>The most questions asked about one training clip (those of 64 s).</summary>
    public const int DefaultMostQuestions = 32;

    /// <summary>Held-out examples start at this seed; training seeds stay below it.</summary>
    public const int HeldOutSeedStart = 1_000_000;

    /// <summary>The final report's held-out conversations start this far after <see cref="HeldOutSeedStart"/>, past those evaluations choose on.</summary>
    private const int FinalSeedOffset = 100_000;

    /// <summary>Training answers over which the log's teacher-forced accuracy per question type is taken.</summary>
    private const int RecentQuestions = 800;

    /// <summary>Optimiser steps between the curriculum's looks at the recent accuracy.</summary>
    private const int PromotionCheckSteps = 25;

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The checkpoint folder to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and of the training examples.", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps (--batch conversations each).", DefaultValueFactory = _ => 6000 };
        var minutes = new Option<double>("--minutes") { Description = "Stop after this long even if steps remain (a safety limit: a run stopped by time is not reproducible).", DefaultValueFactory = _ => 240 };
        var questions = new Option<int>("--questions") { Description = "The most questions per training conversation: one per two seconds of the clip, at least 8 (evaluation always asks 4).", DefaultValueFactory = _ => DefaultMostQuestions };
        var evalEvery = new Option<int>("--eval-every") { Description = "Optimiser steps between evaluations.", DefaultValueFactory = _ => 1000 };
        var evalConversations = new Option<int>("--eval-conversations") { Description = "Held-out conversations per evaluation.", DefaultValueFactory = _ => 40 };
        var select = new Option<string>("--select") { Description = "Vision feature select strategy: full (keeps [CLS]) or default (drops it).", DefaultValueFactory = _ => DemoModelArchitecture.DefaultSelectStrategy };
        var batch = new Option<int>("--batch") { Description = "Conversations per optimiser step.", DefaultValueFactory = _ => new TrainingOptions().ConversationsPerStep };
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => new TrainingOptions().LearningRate };
        var finalConversations = new Option<int>("--final-conversations") { Description = "Further held-out conversations the kept checkpoint is reported on at the end, dense and with SparseVILA retrieval (0: none).", DefaultValueFactory = _ => 100 };
        var evidenceWeight = new Option<double>("--evidence-weight") { Description = "Weight of the evidence-attention loss (0: none).", DefaultValueFactory = _ => DefaultEvidence.Weight };
        var readoutWeight = new Option<double>("--readout-weight") { Description = "Weight of the evidence read-out probe (0: none).", DefaultValueFactory = _ => DefaultEvidence.ReadoutWeight };
        var answerReadoutWeight = new Option<double>("--answer-readout-weight")
        {
            Description = "Weight of the evidence answer read-out probe: the found object's shape or colour, for shape and colour questions (0: none).",
            DefaultValueFactory = _ => DefaultEvidence.AnswerReadoutWeight,
        };
        var timeReadoutWeight = new Option<double>("--time-readout-weight") { Description = "Weight of the evidence time read-out probe, for first appearances (0: none).", DefaultValueFactory = _ => DefaultEvidence.TimeReadoutWeight };
        var emptyPatchShapes = new Option<bool>("--empty-patch-shapes")
        {
            Description = "Whether the shape probe learns every patch, \"no shape\" where no object is (false: occupied patches only).", DefaultValueFactory = _ => true,
        };
        var emptyShapeWeight = new Option<double>("--empty-shape-weight")
        {
            Description = "Weight of \"no shape\" in the shape probe's loss against 1 for a shape (with --empty-patch-shapes; most patches are empty).", DefaultValueFactory = _ => ShapesExample.DefaultEmptyShapeWeight,
        };
        var evidenceLayer = new Option<int>("--evidence-layer") { Description = "The decoder layer whose attention learns where each answer is seen.", DefaultValueFactory = _ => DefaultEvidence.Layer };
        var kvHeads = new Option<int>("--kv-heads") { Description = "KV heads of the LLM (1, 2, 4 or 8 for its 8 query heads).", DefaultValueFactory = _ => DemoModelArchitecture.DefaultKeyValueHeads };
        var evidenceHeads = new Option<int>("--evidence-heads") { Description = "Query heads, from the first, whose attention learns where each answer is seen.", DefaultValueFactory = _ => DefaultEvidence.Heads };
        var bindingWeight = new Option<double>("--binding-weight") { Description = "Weight of the frame-binding loss (0: none).", DefaultValueFactory = _ => DefaultFrameBinding.Weight };
        var bindingLayer = new Option<int>("--binding-layer") { Description = "The decoder layer whose attention learns each visual token's frame marker.", DefaultValueFactory = _ => DefaultFrameBinding.Layer };
        var bindingHeads = new Option<int>("--binding-heads") { Description = "Query heads, from the last, that learn each visual token's frame marker.", DefaultValueFactory = _ => DefaultFrameBinding.Heads };
        var seenBeforeWeight = new Option<double>("--seen-before-weight")
        {
            Description = "Weight of the seen-before loss: visual tokens look back for the same-looking object in earlier frames (0: none).", DefaultValueFactory = _ => DefaultSeenBefore.Weight,
        };
        var seenBeforeLayer = new Option<int>("--seen-before-layer") { Description = "The decoder layer whose attention learns whether a shown object was seen before.", DefaultValueFactory = _ => DefaultSeenBefore.Layer };
        var seenBeforeHeads = new Option<int>("--seen-before-heads") { Description = "Query heads, from the last, that learn whether a shown object was seen before.", DefaultValueFactory = _ => DefaultSeenBefore.Heads };
        var pruneFraction = new Option<double>("--prune-fraction") { Description = "Fraction of examples whose visual tokens are pruned by salience (augmentation).", DefaultValueFactory = _ => new TrainingOptions().PruneAugmentFraction };
        var augmentScore = new Option<PruningScore>("--augment-score")
        {
            Description = "What pruning augmentation ranks visual tokens by: ClassAttention or Distinctiveness (the indexer's default).", DefaultValueFactory = _ => new TrainingOptions().AugmentPruningScore,
        };
        var augmentFloor = new Option<double>("--augment-floor")
        {
            Description = "Pruning augmentation's per-frame floor as a share of a frame's even share (1: every frame keeps its even share, as the indexer does).", DefaultValueFactory = _ => new TrainingOptions().AugmentFrameFloorRatio,
        };
        var command = new Command("train", "Train the embedded default model on the shapes task.") { output, seed, steps, minutes, questions, evalEvery, evalConversations, select, kvHeads, batch, learningRate, pruneFraction, augmentScore, augmentFloor, finalConversations, evidenceWeight, evidenceLayer, evidenceHeads, readoutWeight, timeReadoutWeight, answerReadoutWeight, emptyPatchShapes, emptyShapeWeight, bindingWeight, bindingLayer, bindingHeads, seenBeforeWeight, seenBeforeLayer, seenBeforeHeads };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(steps), parse.GetValue(minutes), parse.GetValue(questions),
            parse.GetValue(evalEvery), parse.GetValue(evalConversations), parse.GetValue(finalConversations),
            new Recipe(parse.GetValue(select)!, parse.GetValue(kvHeads), parse.GetValue(batch), parse.GetValue(learningRate), parse.GetValue(pruneFraction),
                parse.GetValue(augmentScore), parse.GetValue(augmentFloor),
                parse.GetValue(evidenceWeight) > 0 ? DefaultEvidence with
                {
                    Layer = parse.GetValue(evidenceLayer), Weight = parse.GetValue(evidenceWeight), ReadoutWeight = parse.GetValue(readoutWeight),
                    Heads = parse.GetValue(evidenceHeads), TimeReadoutWeight = parse.GetValue(timeReadoutWeight), AnswerReadoutWeight = parse.GetValue(answerReadoutWeight),
                } : null,
                parse.GetValue(bindingWeight) > 0 ? new FrameBinding(parse.GetValue(bindingLayer), parse.GetValue(bindingHeads), parse.GetValue(bindingWeight)) : null,
                parse.GetValue(emptyPatchShapes), parse.GetValue(emptyShapeWeight),
                parse.GetValue(seenBeforeWeight) > 0 ? new SeenBefore(parse.GetValue(seenBeforeLayer), parse.GetValue(seenBeforeHeads), parse.GetValue(seenBeforeWeight)) : null), cancellationToken));
        return command;
    }

    private sealed record Recipe(
        string SelectStrategy, int KeyValueHeads, int ConversationsPerStep, double LearningRate, double PruneAugmentFraction,
        PruningScore AugmentPruningScore, double AugmentFrameFloorRatio, EvidenceAttention? Evidence, FrameBinding? Binding,
        bool EmptyPatchShapes, double EmptyShapeWeight, SeenBefore? SeenBefore);

    /// <summary>
    /// The evidence attention of the recipe: four heads of the third of four layers, at half the answer loss's weight, with
    /// its cell, time and answer read-out probes (every second of a task video; the task's shapes and colours).
    /// </summary>
    public static EvidenceAttention DefaultEvidence { get; } =
        new(Layer: 2, Weight: 0.5, ReadoutWeight: 0.5, Heads: 4, TimeReadoutWeight: 0.5, TimeReadoutSeconds: ShapesTaskLimits.MaxDurationSeconds,
            AnswerReadoutWeight: 0.5, AnswerReadoutClasses: ShapesExample.AnswerClasses);

    /// <summary>The frame binding of the recipe: the last two heads of the first layer, at half the answer loss's weight.</summary>
    public static FrameBinding DefaultFrameBinding { get; } = new(Layer: 0, Heads: 2, Weight: 0.5);

    /// <summary>
    /// The seen-before attention of the recipe: the last two heads of the second layer, between the frame binding that puts
    /// each frame's second into its tokens and the evidence heads that search them, at half the answer loss's weight.
    /// </summary>
    public static SeenBefore DefaultSeenBefore { get; } = new(Layer: 1, Heads: 2, Weight: 0.5);

    private static async Task<int> RunAsync(DirectoryInfo output, int seed, int steps, double minutes, int questions, int evalEvery, int evalConversations, int finalConversations, Recipe recipe, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(questions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(questions, QuestionGenerator.MaxTrainingConversationLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(evalEvery, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(finalConversations);
        var folder = output.FullName;
        var config = DemoCheckpoint.WriteSupportFiles(folder, recipe.SelectStrategy, recipe.KeyValueHeads);
        var tokenizer = TokenizerLoader.Load(folder);
        var preprocessing = ImagePreprocessing.Load(Path.Combine(folder, "preprocessor_config.json"));
        manual_seed(seed);
        using var model = new LlavaModel(config);
        TrainingInitialization.Apply(model);
        var options = new TrainingOptions
        {
            TotalSteps = steps, PatchProbes = ShapesExample.PatchProbesFor(recipe.EmptyPatchShapes, recipe.EmptyShapeWeight), ConversationsPerStep = recipe.ConversationsPerStep,
            LearningRate = recipe.LearningRate, PruneAugmentFraction = recipe.PruneAugmentFraction,
            AugmentPruningScore = recipe.AugmentPruningScore, AugmentFrameFloorRatio = recipe.AugmentFrameFloorRatio, EvidenceAttention = recipe.Evidence, FrameBinding = recipe.Binding,
            SeenBefore = recipe.SeenBefore,
        };
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(), options, seed);
        Console.WriteLine($"Training {model.parameters().Sum(p => p.numel()):N0} parameters for {steps} steps or {minutes} minutes into {folder}: {recipe}");

        var random = new Random(seed);
        var curriculum = new Curriculum(steps);
        var clock = Stopwatch.StartNew();
        var (losses, conversations, best) = (new List<double>(), 0, -1.0);
        var recent = new List<(QuestionType Type, bool Correct)>();
        var patchLosses = new List<double>();
        var evidenceLosses = new List<double>();
        var readoutLosses = new List<double>();
        var timeLosses = new List<double>();
        var answerLosses = new List<double>();
        var bindingLosses = new List<double>();
        var seenLosses = new List<double>();
        while (trainer.Steps < steps && clock.Elapsed.TotalMinutes < minutes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (clipSeconds, startSecond) = curriculum.Clip(trainer.Steps, random);
            var clip = ShapesExample.CreateClip(seed * 7_919 + conversations, clipSeconds, ConversationLength(clipSeconds, questions)).StartingAt(startSecond);
            var example = clip.ToTraining(preprocessing, recipe.EmptyPatchShapes);
            using (example.Pixels)
            using (example.PatchLooks)
            {
                var result = trainer.Train(example);
                losses.Add(result.Loss);
                patchLosses.Add(result.PatchTargetLoss);
                evidenceLosses.Add(result.EvidenceLoss);
                readoutLosses.Add(result.EvidenceReadoutLoss);
                timeLosses.Add(result.TimeReadoutLoss);
                answerLosses.Add(result.AnswerReadoutLoss);
                bindingLosses.Add(result.FrameBindingLoss);
                seenLosses.Add(result.SeenBeforeLoss);
                recent.AddRange(clip.Questions.Zip(result.TurnsCorrect, (q, correct) => (q.Type, correct)));
                if (recent.Count > RecentQuestions)
                {
                    recent.RemoveRange(0, recent.Count - RecentQuestions);
                }
            }

            conversations++;
            var stepped = conversations % options.ConversationsPerStep == 0;
            // The curriculum looks at a full window of answers, each from clips of the current bounds.
            if (stepped && trainer.Steps % PromotionCheckSteps == 0 && recent.Count == RecentQuestions && curriculum.Observe(recent.Average(r => r.Correct ? 1.0 : 0.0)))
            {
                recent.Clear();
                Console.WriteLine($"step {trainer.Steps,5}  clips now {curriculum.Bounds(trainer.Steps)} s");
            }

            if (stepped && trainer.Steps % 25 == 0)
            {
                Console.WriteLine($"step {trainer.Steps,5}  lr {trainer.LearningRateAt(trainer.Steps):E2}  loss {losses.TakeLast(100).Average():F4}  patch loss {patchLosses.TakeLast(100).Average():F4}  evidence loss {evidenceLosses.TakeLast(100).Average():F4}  read-out {readoutLosses.TakeLast(100).Average():F4}  time {timeLosses.TakeLast(100).Average():F4}  answer {answerLosses.TakeLast(100).Average():F4}  binding {bindingLosses.TakeLast(100).Average():F4}  seen {seenLosses.TakeLast(100).Average():F4}  " +
                    $"{conversations / clock.Elapsed.TotalSeconds:F2} conversations/s  {clock.Elapsed:hh\\:mm\\:ss}  clips {curriculum.Bounds(trainer.Steps)}  answers right " +
                    string.Join(" ", recent.GroupBy(r => r.Type).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Average(r => r.Correct ? 1.0 : 0.0):P0}")));
            }

            if (stepped && trainer.Steps % evalEvery == 0)
            {
                best = await EvaluateAndKeepBestAsync(model, folder, evalConversations, best, cancellationToken).ConfigureAwait(false);
            }
        }

        await EvaluateAndKeepBestAsync(model, folder, evalConversations, best, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Done after {trainer.Steps} steps, {conversations} conversations, {clock.Elapsed:hh\\:mm\\:ss}.");
        await ReportKeptAsync(folder, finalConversations, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The kept checkpoint on more held-out conversations (after the ones evaluations chose it on): dense, then with SparseVILA retrieval.</summary>
    private static async Task ReportKeptAsync(string folder, int conversations, CancellationToken cancellationToken)
    {
        if (conversations == 0 || !File.Exists(Path.Combine(folder, "model.safetensors")))
        {
            return;
        }

        using var vlm = VideoLanguageModel.Load(folder, ModelLoadOptions.Cpu);
        var seeds = Enumerable.Range(HeldOutSeedStart + FinalSeedOffset, conversations).ToList();
        foreach (var retrieval in new[] { new RetrievalOptions { Method = DecodeMethod.Dense }, new RetrievalOptions { Method = DecodeMethod.SparseVila } })
        {
            var accuracy = await ShapesEvaluator.EvaluateAsync(vlm, seeds, 8, Shapes.ShapesTaskLimits.MaxDurationSeconds,
                new VisualContextOptions { KeepRatio = 1 }, retrieval, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"  kept checkpoint, {conversations} further held-out conversations ({retrieval.Method}): {accuracy}");
        }
    }

    /// <summary>
    /// Questions asked about a training clip: one per two seconds, at least the evaluation's
    /// <see cref="QuestionGenerator.MaxConversationLength"/> and at most <paramref name="most"/>. A long video costs most
    /// to read; its extra questions cost little and each teaches an answer.
    /// </summary>
    public static int ConversationLength(int clipSeconds, int most) =>
        Math.Min(most, Math.Max(QuestionGenerator.MaxConversationLength, clipSeconds / 2));

    private static async Task<double> EvaluateAndKeepBestAsync(LlavaModel model, string folder, int conversations, double best, CancellationToken cancellationToken)
    {
        var candidate = Path.Combine(folder, ".candidate");
        Directory.CreateDirectory(candidate);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(candidate, Path.GetFileName(file)), overwrite: true);
        }

        DemoCheckpoint.SaveWeights(model, candidate);
        using var vlm = VideoLanguageModel.Load(candidate, ModelLoadOptions.Cpu);
        var accuracy = await ShapesEvaluator.EvaluateAsync(vlm, Enumerable.Range(HeldOutSeedStart, conversations), 8, Shapes.ShapesTaskLimits.MaxDurationSeconds,
            new VisualContextOptions { KeepRatio = 1 }, new RetrievalOptions { Method = DecodeMethod.Dense }, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"  held-out accuracy (dense): {accuracy}");
        if (accuracy.Overall > best)
        {
            foreach (var file in Directory.EnumerateFiles(candidate))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
            }

            best = accuracy.Overall;
            Console.WriteLine($"  saved as the best so far ({best:P1})");
        }

        Directory.Delete(candidate, recursive: true);
        return best;
    }
}
