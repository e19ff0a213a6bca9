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
    /// <summary>Held-out examples start at this seed; training seeds stay below it.</summary>
    public const int HeldOutSeedStart = 1_000_000;

    /// <summary>Training answers over which the log's teacher-forced accuracy per question type is taken.</summary>
    private const int RecentQuestions = 800;

    /// <summary>Optimiser steps between the curriculum's looks at the recent accuracy.</summary>
    private const int PromotionCheckSteps = 25;

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The checkpoint folder to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and of the training examples.", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps (4 conversations each).", DefaultValueFactory = _ => 6000 };
        var minutes = new Option<double>("--minutes") { Description = "Stop after this long even if steps remain (a safety limit: a run stopped by time is not reproducible).", DefaultValueFactory = _ => 240 };
        var questions = new Option<int>("--questions") { Description = "Questions per training conversation (evaluation always asks 4).", DefaultValueFactory = _ => QuestionGenerator.MaxConversationLength };
        var evalEvery = new Option<int>("--eval-every") { Description = "Optimiser steps between evaluations.", DefaultValueFactory = _ => 250 };
        var evalConversations = new Option<int>("--eval-conversations") { Description = "Held-out conversations per evaluation.", DefaultValueFactory = _ => 30 };
        var command = new Command("train", "Train the embedded default model on the shapes task.") { output, seed, steps, minutes, questions, evalEvery, evalConversations };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(steps), parse.GetValue(minutes), parse.GetValue(questions),
            parse.GetValue(evalEvery), parse.GetValue(evalConversations), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo output, int seed, int steps, double minutes, int questions, int evalEvery, int evalConversations, CancellationToken cancellationToken)
    {
        var folder = output.FullName;
        var config = DemoCheckpoint.WriteSupportFiles(folder);
        var tokenizer = TokenizerLoader.Load(folder);
        var preprocessing = ImagePreprocessing.Load(Path.Combine(folder, "preprocessor_config.json"));
        manual_seed(seed);
        using var model = new LlavaModel(config);
        TrainingInitialization.Apply(model);
        var options = new TrainingOptions { TotalSteps = steps, PatchProbes = ShapesExample.PatchProbes };
        using var trainer = new ConversationTrainer(model, tokenizer, ChatTemplate.ForModelType("qwen2"), new VideoPromptFormat(), options, seed);
        Console.WriteLine($"Training {model.parameters().Sum(p => p.numel()):N0} parameters for {steps} steps or {minutes} minutes into {folder}");

        var random = new Random(seed);
        var curriculum = new Curriculum(steps);
        var clock = Stopwatch.StartNew();
        var (losses, conversations, best) = (new List<double>(), 0, -1.0);
        var recent = new List<(QuestionType Type, bool Correct)>();
        var patchLosses = new List<double>();
        while (trainer.Steps < steps && clock.Elapsed.TotalMinutes < minutes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clip = ShapesExample.CreateClip(seed * 7_919 + conversations, curriculum.ClipSeconds(trainer.Steps, random), questions);
            var example = clip.ToTraining(preprocessing);
            using (example.Pixels)
            {
                var result = trainer.Train(example);
                losses.Add(result.Loss);
                patchLosses.Add(result.PatchTargetLoss);
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
                Console.WriteLine($"step {trainer.Steps,5}  lr {trainer.LearningRateAt(trainer.Steps):E2}  loss {losses.TakeLast(100).Average():F4}  patch loss {patchLosses.TakeLast(100).Average():F4}  " +
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
        return 0;
    }

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
