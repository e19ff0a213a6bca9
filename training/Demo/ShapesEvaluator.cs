using System.Runtime.CompilerServices;
using SparseVila.Engine;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Video;

namespace SparseVila.Training.Demo;

/// <summary>Asks a model the conversations of held-out shapes examples and scores exact answers.</summary>
public static class ShapesEvaluator
{
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
            using var conversation = new Conversation(vlm, context, retrieval);
            for (var turn = 0; turn < example.Questions.Count; turn++)
            {
                var question = example.Questions[turn];
                Answer? answer = null;
                foreach (var _ in conversation.Ask(question.Text, new AskOptions { MaxNewTokens = 8 }, a => answer = a))
                {
                }

                accuracy.Add(question.Type, turn, string.Equals(answer?.Text, question.Answer, StringComparison.Ordinal));
            }
        }

        return accuracy;
    }

    /// <summary>The frames (N, 3, H, W) as batches of at most <paramref name="windowFrames"/>, one per second.</summary>
    private static async IAsyncEnumerable<FrameBatch> Windows(TorchSharp.torch.Tensor pixels, int windowFrames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
