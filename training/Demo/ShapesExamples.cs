using SparseVila.Engine.Training;
using SparseVila.Engine.Video;
using SparseVila.Training.Shapes;
using static TorchSharp.torch;

namespace SparseVila.Training.Demo;

/// <summary>A shapes-task example made from a seed: its scene, style, conversation and 1-fps frames.</summary>
public sealed record ShapesExample(Scene Scene, RenderStyle Style, IReadOnlyList<Question> Questions)
{
    /// <summary>The example for <paramref name="seed"/>, with videos of the given length range and a conversation of <paramref name="questions"/>.</summary>
    public static ShapesExample Create(int seed, int minSeconds, int maxSeconds, int questions = QuestionGenerator.ConversationLength)
    {
        var random = new Random(seed);
        var scene = new SceneGenerator(new SceneGeneratorOptions { MinDurationSeconds = minSeconds, MaxDurationSeconds = maxSeconds }).Generate(random);
        var style = RenderStyleGenerator.Generate(scene, random);
        return new ShapesExample(scene, style, QuestionGenerator.Conversation(scene, random, questions));
    }

    /// <summary>The frames at 1 fps, (N, 3, H, W), preprocessed as the model's preprocessor says.</summary>
    public Tensor Pixels(ImagePreprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        using var rgb = FrameSource.Render(Scene, Style, preprocessing.OutputWidthPixels);          // (N, H, W, 3) uint8
        return PixelNormalization.Apply(rgb, preprocessing);                                      // (N, 3, H, W)
    }

    /// <summary>The training example: frames, their whole-second times, and the questions with their answers.</summary>
    public TrainingConversation ToTraining(ImagePreprocessing preprocessing) =>
        new(Pixels(preprocessing), Enumerable.Range(0, Scene.DurationSeconds).Select(s => (double)s).ToList(),
            Questions.Select(q => (q.Text, q.Answer)).ToList());
}
