using SparseVila.Engine.Training;
using SparseVila.Engine.Video;
using SparseVila.Training.Shapes;
using static TorchSharp.torch;

namespace SparseVila.Training.Demo;

/// <summary>
/// A shapes-task example made from a seed: its scene, style, conversation and 1-fps frames. A training clip may be shown
/// as if it began at <see cref="StartSecond"/> of a longer video: its frames are marked, and its questions and answers
/// name seconds, from there on, so that short clips teach every second's number (0 to 63), not only their first few.
/// </summary>
public sealed record ShapesExample(Scene Scene, RenderStyle Style, IReadOnlyList<Question> Questions, int StartSecond = 0)
{
    /// <summary>The example for <paramref name="seed"/>, with videos of the given length range and a conversation of <paramref name="questions"/>.</summary>
    public static ShapesExample Create(int seed, int minSeconds, int maxSeconds, int questions = QuestionGenerator.ConversationLength)
    {
        var random = new Random(seed);
        var scene = new SceneGenerator(new SceneGeneratorOptions { MinDurationSeconds = minSeconds, MaxDurationSeconds = maxSeconds }).Generate(random);
        var style = RenderStyleGenerator.Generate(scene, random);
        return new ShapesExample(scene, style, QuestionGenerator.Conversation(scene, random, questions));
    }

    /// <summary>
    /// A training clip of <paramref name="clipSeconds"/> (1 to 64): a task scene of that length, or for fewer than the
    /// task's 8 s the first seconds of an 8 s one, with up to <paramref name="questions"/> different questions about it
    /// (a one-second clip allows only a few).
    /// </summary>
    public static ShapesExample CreateClip(int seed, int clipSeconds, int questions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clipSeconds, 1);
        var random = new Random(seed);
        var sceneSeconds = Math.Max(clipSeconds, ShapesTaskLimits.MinDurationSeconds);
        var scene = new SceneGenerator(new SceneGeneratorOptions { MinDurationSeconds = sceneSeconds, MaxDurationSeconds = sceneSeconds }).Generate(random);
        var style = RenderStyleGenerator.Generate(scene, random);
        var clip = clipSeconds < sceneSeconds ? scene.Clip(clipSeconds) : scene;
        // The clip keeps the first objects (ids are in order of appearance), so it keeps their appearances.
        style = new RenderStyle(style.BackgroundTop, style.BackgroundBottom, style.SupersamplingFactor, [.. style.Objects.Take(clip.Objects.Count)]);
        var available = QuestionCandidates.All(clip).Select(q => q.Text).Distinct(StringComparer.Ordinal).Count();
        return new ShapesExample(clip, style, QuestionGenerator.Conversation(clip, random, Math.Min(questions, available)));
    }

    /// <summary>
    /// This example shown from <paramref name="startSecond"/> on: nothing visible before it, the frames marked and the
    /// questions and answers about seconds <paramref name="startSecond"/> + t. The clip must end within a task video.
    /// </summary>
    public ShapesExample StartingAt(int startSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startSecond);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StartSecond + startSecond + Scene.DurationSeconds, ShapesTaskLimits.MaxDurationSeconds);
        var start = StartSecond + startSecond;
        var shifted = Questions.Select(q => Shifted(q, start)).ToList();
        return this with { Questions = shifted, StartSecond = start };
    }

    private Question Shifted(Question question, int start)
    {
        var track = question.ObjectId is { } id ? Scene.Objects[id] : null;
        var second = question.Second is { } s ? s + start : (int?)null;
        return question.Type switch
        {
            QuestionType.Count => question with { Text = QuestionTemplates.Count(second!.Value), Second = second },
            QuestionType.Shape => question with { Text = QuestionTemplates.Shape(track!.CellAt(question.Second!.Value), second!.Value), Second = second },
            QuestionType.Color => question with { Text = QuestionTemplates.Color(track!.Shape, second!.Value), Second = second },
            QuestionType.Where => question with { Text = QuestionTemplates.Where(track!.Color, track.Shape, second!.Value), Second = second },
            QuestionType.FirstAppearance => question with { Answer = QuestionTemplates.SecondAnswer(track!.AppearSecond + start) },
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Type, "not a question type of the task."),
        };
    }

    /// <summary>The frames at 1 fps, (N, 3, H, W), preprocessed as the model's preprocessor says.</summary>
    public Tensor Pixels(ImagePreprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        using var rgb = FrameSource.Render(Scene, Style, preprocessing.OutputWidthPixels);          // (N, H, W, 3) uint8
        return PixelNormalization.Apply(rgb, preprocessing);                                      // (N, 3, H, W)
    }

    /// <summary>
    /// The probes of <see cref="PatchTargets"/>: the shape (of patches that show an object only); nothing or a colour; the
    /// cell. Over all patches, most of them empty, the shape probe's weight on an object was about a ninth of its own, and
    /// the tower told shapes apart no better than about 80% (a linear probe on held-out objects, steps 1,000 and 2,000)
    /// while it told colours and cells 100%. The cell's is small and
    /// waits until the model has learned to find objects by shape and colour: on from the start, at the shapes' weight or
    /// at 0.1, the model never learned that (in 3,700 and 1,350 steps; without it, in 1,400), but without it it cannot say where.
    /// </summary>
    public static IReadOnlyList<PatchProbe> PatchProbes { get; } = PatchProbesFor(emptyPatchShapes: true);

    /// <summary>The default weight of "no shape" in the shape probe (run 6, the shipped model: 1).</summary>
    public const double DefaultEmptyShapeWeight = 1;

    /// <summary>
    /// The probes, with a shape probe that learns every patch, "no shape" (class 0) where no object is
    /// (<paramref name="emptyPatchShapes"/>), or occupied patches only. A question that finds its object by shape ("what
    /// color is the circle") needs empty patches to look like no shape: with the occupied-patch probe (runs 3–5) they
    /// could look like anything, and colour questions stayed at chance (17–21% teacher-forced for 2,500–4,000 steps);
    /// with every patch (run 6) they reached 44% by step 2,275.
    /// </summary>
    /// <param name="emptyPatchShapes">Whether the shape probe learns empty patches as "no shape".</param>
    /// <param name="emptyShapeWeight">
    /// The weight of "no shape" against 1 for a shape, with <paramref name="emptyPatchShapes"/>: about two of a frame's
    /// nine patches show an object, so at 1 an object's shape is a small share of the probe's loss.
    /// </param>
    public static IReadOnlyList<PatchProbe> PatchProbesFor(bool emptyPatchShapes, double emptyShapeWeight = DefaultEmptyShapeWeight) =>
    [
        new((emptyPatchShapes ? 1 : 0) + Enum.GetValues<ShapeKind>().Length, Weight: 0.5, NoneClassWeight: emptyPatchShapes ? emptyShapeWeight : 1),
        new(1 + Enum.GetValues<ShapeColor>().Length, Weight: 0.5),
        new(Enum.GetValues<GridCell>().Length, Weight: 0.1, StartStep: 2500),
    ];

    /// <summary>
    /// The training example: frames, their whole-second times, the questions with their answers, and per frame and grid
    /// cell (the tower's 3 × 3 patches, row-major like <see cref="GridCell"/>) the shape and colour there (0 for none) and
    /// the cell itself.
    /// </summary>
    /// <param name="preprocessing">The tower's preprocessing.</param>
    /// <param name="emptyPatchShapes">Whether the shape target names empty patches ("no shape", class 0; see <see cref="PatchProbesFor"/>).</param>
    public TrainingConversation ToTraining(ImagePreprocessing preprocessing, bool emptyPatchShapes = true) =>
        new(Pixels(preprocessing), Enumerable.Range(StartSecond, Scene.DurationSeconds).Select(s => (double)s).ToList(),
            Questions.Select(q => (q.Text, q.Answer)).ToList(), PatchTargets(emptyPatchShapes), [.. Questions.Select(Evidence)], PatchLooks());

    /// <summary>(N, 9): per second and grid cell, the look of the object there (<see cref="LookOf"/>), −1 where none is.</summary>
    public Tensor PatchLooks()
    {
        var cells = Enum.GetValues<GridCell>().Length;
        var looks = Enumerable.Repeat(-1L, Scene.DurationSeconds * cells).ToArray();
        for (var second = 0; second < Scene.DurationSeconds; second++)
        {
            foreach (var visible in Scene.VisibleAt(second))
            {
                looks[second * cells + (int)visible.CellAt(second)] = LookOf(visible);
            }
        }

        return tensor(looks).reshape(Scene.DurationSeconds, cells);
    }

    /// <summary>
    /// An object's look: its colour and shape as one id. A first appearance is asked by look ("the red circle"), so an
    /// object is seen before when an earlier second shows one that looks the same.
    /// </summary>
    public static long LookOf(ObjectTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return (long)track.Color * Enum.GetValues<ShapeKind>().Length + (long)track.Shape;
    }

    /// <summary>
    /// Where <paramref name="question"/>'s answer is seen: the asked object's cell at the asked second (for a first
    /// appearance, at the second it appears), or every cell of the asked second for a count.
    /// </summary>
    public EvidenceTarget Evidence(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var cells = Enum.GetValues<GridCell>().Length;
        if (question.Type == QuestionType.Count)
        {
            return new EvidenceTarget(question.Second!.Value - StartSecond, [.. Enumerable.Range(0, cells)], EvidenceReadout.None);
        }

        var track = Scene.Objects[question.ObjectId!.Value];
        var frame = question.Type == QuestionType.FirstAppearance ? track.AppearSecond : question.Second!.Value - StartSecond;
        return new EvidenceTarget(frame, [(int)track.CellAt(frame)], ReadoutOf(question.Type), AnswerClassOf(question.Type, track));
    }

    /// <summary>The classes of <see cref="AnswerClassOf"/>: the shapes, then the colours.</summary>
    public static int AnswerClasses => Enum.GetValues<ShapeKind>().Length + Enum.GetValues<ShapeColor>().Length;

    /// <summary>
    /// What the found object shows that a question's answer names, as one of <see cref="AnswerClasses"/>: its shape for a
    /// shape-at-position question, its colour (after the shapes) for a colour question, −1 for the others (the cell of a
    /// "where" answer and the second of a first appearance have their own read-outs).
    /// </summary>
    public static int AnswerClassOf(QuestionType type, ObjectTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return type switch
        {
            QuestionType.Shape => (int)track.Shape,
            QuestionType.Color => Enum.GetValues<ShapeKind>().Length + (int)track.Color,
            _ => -1,
        };
    }

    /// <summary>
    /// What a question's heads must carry out of the found patch: its cell when the cell is the answer or the key, its
    /// second for a first appearance, nothing for a colour (the patch's token carries it). With the cell read out of every
    /// question, colour questions stayed at chance (runs 2–4): the same heads were taught to carry the cell where the
    /// answer was the colour.
    /// </summary>
    public static EvidenceReadout ReadoutOf(QuestionType type) => type switch
    {
        QuestionType.Where or QuestionType.Shape => EvidenceReadout.Patch,
        QuestionType.FirstAppearance => EvidenceReadout.Time,
        _ => EvidenceReadout.None,
    };

    private const long NotLearned = -100;

    /// <summary>(N, 9) shape classes (−100, not learned, where no object is), (N, 9) colour classes (0 for none) and (N, 9) cells.</summary>
    private List<Tensor> PatchTargets(bool emptyPatchShapes)
    {
        var cells = Enum.GetValues<GridCell>().Length;
        var shapes = Enumerable.Repeat(emptyPatchShapes ? 0 : NotLearned, Scene.DurationSeconds * cells).ToArray();
        var shapeOffset = emptyPatchShapes ? 1 : 0;
        var colors = new long[Scene.DurationSeconds * cells];
        for (var second = 0; second < Scene.DurationSeconds; second++)
        {
            foreach (var visible in Scene.VisibleAt(second))
            {
                var at = second * cells + (int)visible.CellAt(second);
                shapes[at] = shapeOffset + (int)visible.Shape;
                colors[at] = 1 + (int)visible.Color;
            }
        }

        var positions = Enumerable.Range(0, Scene.DurationSeconds * cells).Select(i => (long)(i % cells)).ToArray();
        return [tensor(shapes).reshape(Scene.DurationSeconds, cells), tensor(colors).reshape(Scene.DurationSeconds, cells), tensor(positions).reshape(Scene.DurationSeconds, cells)];
    }
}
