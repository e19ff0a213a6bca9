using System.Runtime.CompilerServices;
using SparseVila.Engine;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Video;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>Asks a model the conversations of held-out shapes examples and scores exact answers.</summary>
public static class ShapesEvaluator
{
    /// <summary>Answers are a word or two: the most tokens an answer may take.</summary>
    private const int MaxNewTokens = 8;

    /// <summary>Accuracy over the examples of <paramref name="seeds"/>, indexed and answered as the service would.</summary>
    public static async Task<ShapesAccuracy> EvaluateAsync(
        VideoLanguageModel vlm, IEnumerable<int> seeds, int minSeconds, int maxSeconds,
        VisualContextOptions contextOptions, RetrievalOptions retrieval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vlm);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(contextOptions);
        var accuracy = new ShapesAccuracy();
        var builder = new VisualContextBuilder(vlm);
        foreach (var seed in seeds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var example = ShapesExample.Create(seed, minSeconds, maxSeconds);
            using var pixels = example.Pixels(vlm.Preprocessing);
            using var context = await builder.BuildAsync(Windows(pixels, contextOptions.WindowFrames, cancellationToken), $"shapes seed {seed}", contextOptions).ConfigureAwait(false);
            Ask(vlm, context, retrieval, example.Questions, accuracy, example.Scene.DurationSeconds);
        }

        return accuracy;
    }

    /// <summary>
    /// Holds one conversation over <paramref name="context"/> (a video of <paramref name="videoSeconds"/>), asking
    /// <paramref name="questions"/> in turn, and scores each exact answer into <paramref name="accuracy"/>.
    /// </summary>
    public static void Ask(VideoLanguageModel vlm, VisualContext context, RetrievalOptions retrieval, IReadOnlyList<Question> questions, ShapesAccuracy accuracy, int videoSeconds)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(accuracy);
        using var conversation = new Conversation(vlm, context, retrieval);
        for (var turn = 0; turn < questions.Count; turn++)
        {
            Answer? answer = null;
            foreach (var _ in conversation.Ask(questions[turn].Text, new AskOptions { MaxNewTokens = MaxNewTokens }, a => answer = a))
            {
            }

            accuracy.Add(questions[turn].Type, turn, string.Equals(answer?.Text, questions[turn].Answer, StringComparison.Ordinal), videoSeconds);
        }
    }

    /// <summary>The frames (N, 3, H, W) as batches of at most <paramref name="windowFrames"/>, one per second.</summary>
    public static async IAsyncEnumerable<FrameBatch> Windows(TorchSharp.torch.Tensor pixels, int windowFrames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var frames = (int)pixels.shape[0];
        for (var start = 0; start < frames; start += windowFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(frames, start + windowFrames);
            var indices = Enumerable.Range(start, end - start).ToList();
            yield return new FrameBatch(pixels[start..end].clone(), indices.Select(i => (double)i).ToList(), indices);
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
