using SparseVila.Engine;
using SparseVila.Engine.Model;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tokenization;
using SparseVila.Engine.Training;
using SparseVila.Engine.Video;
using SparseVila.Training.Demo;
using SparseVila.Training.Shapes;
using static TorchSharp.torch;

namespace SparseVila.Training.Tests;

/// <summary>The demo model's pieces fit together: checkpoint files, examples, evaluation.</summary>
public sealed class DemoModelTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-demo-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Tokenizer_MakesEveryTaskWordOneToken_AndTheModelCoversItsIds()
    {
        var config = DemoCheckpoint.WriteSupportFiles(_folder.FullName);
        var tokenizer = TokenizerLoader.Load(_folder.FullName);

        var split = DemoVocabulary.Words.Where(w => !w.All(char.IsAsciiDigit) && tokenizer.Encode(" " + w).Count != 1).ToList();
        // A second is one token wherever it is written: bare in an answer, after a space in a question, in a frame marker.
        var twelve = tokenizer.Encode("12");
        var marker = tokenizer.Encode("12s:");
        var question = tokenizer.Encode("how many objects are there at second 12?");

        Assert.Empty(split);
        Assert.Single(twelve);
        Assert.Equal(twelve[0], marker[0]);
        Assert.Contains(twelve[0], question);
        Assert.All(Enumerable.Range(0, 65), second => Assert.Single(tokenizer.Encode(second.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(tokenizer.VocabularySize, config.ImageTokenId);
        Assert.Equal(tokenizer.VocabularySize + 1, config.Text.VocabSize);
    }

    [Fact]
    public void Example_HasOneFramePerSecond_AtTheTowersResolution_AndFourQuestions()
    {
        var config = DemoCheckpoint.WriteSupportFiles(_folder.FullName);
        var preprocessing = ImagePreprocessing.Load(Path.Combine(_folder.FullName, "preprocessor_config.json"));

        var example = ShapesExample.Create(seed: 5, minSeconds: 8, maxSeconds: 12);
        var training = example.ToTraining(preprocessing);

        using var pixels = training.Pixels;
        Assert.Equal([example.Scene.DurationSeconds, 3L, config.Vision.ImageSize, config.Vision.ImageSize], pixels.shape);
        Assert.Equal(Enumerable.Range(0, example.Scene.DurationSeconds).Select(s => (double)s), training.TimestampsSeconds);
        Assert.Equal(4, training.Turns.Count);
        Assert.InRange(pixels.min().item<float>(), -1.0001f, 1.0001f);
        // Every patch has a shape class, "none" (0) where no object is, as it has a colour class.
        var shapes = training.PatchTargets![0].data<long>().ToArray();
        var colors = training.PatchTargets[1].data<long>().ToArray();
        Assert.Equal(colors.Select(c => c == 0), shapes.Select(s => s == 0));
        Assert.All(shapes, s => Assert.InRange(s, 0, 3));
        Assert.Equal(training.Turns.Count, training.Evidence!.Count);

        // Or only where an object is: the shapes one down, and nothing learned elsewhere.
        var occupied = example.ToTraining(preprocessing, emptyPatchShapes: false);
        using var _ = occupied.Pixels;
        Assert.Equal(shapes.Select(s => s == 0 ? -100 : s - 1), occupied.PatchTargets![0].data<long>().ToArray());
        Assert.Equal([4, 3], new[] { ShapesExample.PatchProbes[0].Classes, ShapesExample.PatchProbesFor(emptyPatchShapes: false)[0].Classes });

        // "No shape" can weigh less than a shape; with occupied patches only there is no "no shape" to weigh.
        Assert.Equal([0.2, 1.0], new[] { ShapesExample.PatchProbesFor(emptyPatchShapes: true, 0.2)[0].NoneClassWeight, ShapesExample.PatchProbesFor(emptyPatchShapes: false, 0.2)[0].NoneClassWeight });
    }

    [Fact]
    public void Evidence_IsTheAskedCellOrFrame_AndReadsTheCellOfCellQuestions_TheSecondOfFirstAppearances_AndTheShapeOrColourAnswered()
    {
        var types = new HashSet<QuestionType>();
        for (var seed = 0; seed < 40; seed++)
        {
            var example = ShapesExample.CreateClip(seed, clipSeconds: 12, questions: 8).StartingAt(seed % 5);
            foreach (var question in example.Questions)
            {
                types.Add(question.Type);
                var evidence = example.Evidence(question);
                var frameSecond = evidence.Frame + example.StartSecond;
                // The answer read-out's class says the answer: the shape, or the colour after the shapes.
                var shapes = Enum.GetValues<ShapeKind>().Length;
                Assert.InRange(evidence.AnswerClass, -1, ShapesExample.AnswerClasses - 1);
                Assert.Equal(
                    question.Type switch
                    {
                        QuestionType.Shape => question.Answer,
                        QuestionType.Color => question.Answer,
                        _ => null,
                    },
                    evidence.AnswerClass switch
                    {
                        < 0 => null,
                        var c when c < shapes => ShapesVocabulary.Word((ShapeKind)c),
                        var c => ShapesVocabulary.Word((ShapeColor)(c - shapes)),
                    });
                switch (question.Type)
                {
                    case QuestionType.Count:
                        Assert.Equal((question.Second, EvidenceReadout.None, 9), (frameSecond, evidence.Readout, evidence.Patches.Count));
                        break;
                    case QuestionType.FirstAppearance:
                        Assert.Equal(EvidenceReadout.Time, evidence.Readout);
                        Assert.Equal(question.Answer, $"second {frameSecond}");
                        break;
                    default:
                        Assert.Equal(question.Second, frameSecond);
                        Assert.Equal(question.Type == QuestionType.Color ? EvidenceReadout.None : EvidenceReadout.Patch, evidence.Readout);
                        var track = example.Scene.Objects[question.ObjectId!.Value];
                        Assert.Equal([(int)track.CellAt(evidence.Frame)], evidence.Patches);
                        break;
                }
            }
        }

        Assert.Equal(Enum.GetValues<QuestionType>().Length, types.Count);
    }

    [Fact]
    public void Looks_NameWhatEachPatchShows_AndAFirstAppearanceIsWhereItsLookIsFirstShown()
    {
        var firstAppearances = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var example = ShapesExample.CreateClip(seed, clipSeconds: 16, questions: 8).StartingAt(seed % 5);
            using var tensor = example.PatchLooks();
            var cells = Enum.GetValues<GridCell>().Length;
            Assert.Equal([example.Scene.DurationSeconds, (long)cells], tensor.shape);
            var looks = tensor.data<long>().ToArray();
            var shown = Enumerable.Range(0, example.Scene.DurationSeconds).SelectMany(second => example.Scene.VisibleAt(second)
                .Select(o => (Index: second * cells + (int)o.CellAt(second), Look: ShapesExample.LookOf(o)))).ToDictionary(p => p.Index, p => p.Look);
            Assert.Equal(Enumerable.Range(0, looks.Length).Select(i => shown.GetValueOrDefault(i, -1)), looks);
            foreach (var question in example.Questions.Where(q => q.Type == QuestionType.FirstAppearance))
            {
                var evidence = example.Evidence(question);
                var look = ShapesExample.LookOf(example.Scene.Objects[question.ObjectId!.Value]);
                Assert.Equal(look, looks[evidence.Frame * cells + evidence.Patches[0]]);
                Assert.DoesNotContain(look, looks[..(evidence.Frame * cells)]);
                firstAppearances++;
            }
        }

        Assert.True(firstAppearances > 5, $"{firstAppearances} first appearances asked");
        // Same colour and shape, same look; another colour or shape, another.
        var distinct = Enum.GetValues<ShapeColor>().SelectMany(c => Enum.GetValues<ShapeKind>().Select(s => ShapesExample.LookOf(new ObjectTrack(0, s, c, 0, 2, GridCell.Center)))).ToList();
        Assert.Equal(distinct.Count, distinct.Distinct().Count());
    }

    [Fact]
    public async Task SavedCheckpoint_Loads_AndEvaluationAsksEveryQuestion()
    {
        var config = DemoCheckpoint.WriteSupportFiles(_folder.FullName);
        using (var model = new LlavaModel(config))
        {
            DemoCheckpoint.SaveWeights(model, _folder.FullName);
        }

        using var vlm = VideoLanguageModel.Load(_folder.FullName, ModelLoadOptions.Cpu);
        var accuracy = await ShapesEvaluator.EvaluateAsync(vlm, [TrainCommand.HeldOutSeedStart], 8, 10,
            new VisualContextOptions { KeepRatio = 0.5 }, new RetrievalOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(4, accuracy.Asked);
        Assert.InRange(accuracy.Overall, 0, 1);
        Assert.True(new FileInfo(Path.Combine(_folder.FullName, "model.safetensors")).Length < 25_000_000);
    }
}
