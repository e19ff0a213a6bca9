using SparseVila.Engine;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Training.Demo;

namespace SparseVila.Bench.Accuracy;

/// <summary>
/// Asks every method the same held-out conversations through the engine's real path (ffmpeg decoding, salience pruning,
/// chunked prefill, retrieval per turn) and tallies exact answers. Each video's context is built once per keep ratio and
/// shared by the methods that use it.
/// </summary>
internal static class AccuracyRunner
{
    /// <summary>Segments as the service stores them (<c>VisualCache:FramesPerSegment</c>'s default).</summary>
    private const int FramesPerSegment = 16;

    public static async Task<IReadOnlyDictionary<string, ShapesAccuracy>> RunAsync(
        VideoLanguageModel vlm, IReadOnlyList<AccuracyMethod> methods, int conversations, CancellationToken cancellationToken)
    {
        var tallies = methods.ToDictionary(m => m.Name, _ => new ShapesAccuracy(), StringComparer.Ordinal);
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
                        Ask(vlm, method, contexts[method.KeepRatio], record, tallies[method.Name]);
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

    private static void Ask(VideoLanguageModel vlm, AccuracyMethod method, VisualContext built, Training.Generation.QaRecord record, ShapesAccuracy accuracy)
    {
        var stored = method.Codec is { } codec ? VisualContextSegments.RoundTrip(built, new KvCodecOptions(codec), FramesPerSegment) : null;
        try
        {
            ShapesEvaluator.Ask(vlm, stored ?? built, method.Retrieval, record.Questions, accuracy, record.DurationSeconds);
        }
        finally
        {
            stored?.Dispose();
        }
    }
}
