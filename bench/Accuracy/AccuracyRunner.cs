using SparseVila.Engine;
using SparseVila.Engine.Sparse;

namespace SparseVila.Bench.Accuracy;

/// <summary>
/// Asks every method the same held-out conversations through the engine's real path (ffmpeg decoding, salience pruning,
/// chunked prefill, retrieval per turn) and tallies exact answers. Each video's context is built once per keep ratio and
/// shared by the methods that use it.
/// </summary>
internal static class AccuracyRunner
{
    private const int MaxNewTokens = 8;

    public static async Task<IReadOnlyDictionary<string, AccuracyTally>> RunAsync(
        VideoLanguageModel vlm, IReadOnlyList<AccuracyMethod> methods, int conversations, CancellationToken cancellationToken)
    {
        var tallies = methods.ToDictionary(m => m.Name, _ => new AccuracyTally(), StringComparer.Ordinal);
        var builder = new VisualContextBuilder(vlm);
        var folder = Directory.CreateTempSubdirectory("sparsevila-bench-accuracy-");
        try
        {
            for (var index = 0; index < conversations; index++)
            {
                var (record, path) = await HeldOutVideos.WriteAsync(folder.FullName, index, cancellationToken).ConfigureAwait(false);
                var contexts = new Dictionary<double, VisualContext>();
                try
                {
                    foreach (var keep in methods.Select(m => m.KeepRatio).Distinct())
                    {
                        contexts[keep] = await builder.BuildAsync(path, new VisualContextOptions { KeepRatio = keep }, cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var method in methods)
                    {
                        Ask(vlm, method, contexts[method.KeepRatio], record.Questions, tallies[method.Name]);
                    }
                }
                finally
                {
                    foreach (var context in contexts.Values)
                    {
                        context.Dispose();
                    }

                    File.Delete(path);
                }

                if ((index + 1) % 10 == 0 || index + 1 == conversations)
                {
                    Console.WriteLine($"  {index + 1}/{conversations}: " + string.Join(", ", tallies.Select(t => $"{t.Key} {t.Value.Overall:P1}")));
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        return tallies;
    }

    private static void Ask(VideoLanguageModel vlm, AccuracyMethod method, VisualContext built, IReadOnlyList<Training.Shapes.Question> questions, AccuracyTally tally)
    {
        var stored = method.Codec is { } codec ? CodecRoundTrip.Apply(built, codec) : null;
        try
        {
            using var conversation = new Conversation(vlm, stored ?? built, method.Retrieval);
            for (var turn = 0; turn < questions.Count; turn++)
            {
                Answer? answer = null;
                foreach (var _ in conversation.Ask(questions[turn].Text, new AskOptions { MaxNewTokens = MaxNewTokens }, a => answer = a))
                {
                }

                tally.Add(turn, questions[turn].Type.ToString().ToLowerInvariant(), string.Equals(answer?.Text, questions[turn].Answer, StringComparison.Ordinal));
            }
        }
        finally
        {
            stored?.Dispose();
        }
    }
}
