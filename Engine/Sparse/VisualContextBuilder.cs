using SparseVila.Engine.Video;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// SparseVILA's query-agnostic stage over a whole video: streams its frames window by window through a
/// <see cref="VisualContextIndexer"/>. Memory holds the growing keys and values plus one window of
/// frames, whatever the video's length.
/// </summary>
public sealed class VisualContextBuilder(VideoLanguageModel vlm)
{
    /// <summary>Builds the visual context of the video at <paramref name="videoPath"/>.</summary>
    public Task<VisualContext> BuildAsync(string videoPath, VisualContextOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return BuildAsync(FrameReader.ReadAsync(videoPath, options.Sampling, vlm.Preprocessing, options.WindowFrames, cancellationToken), videoPath, options);
    }

    /// <summary>
    /// Builds a visual context from frames already decoded and preprocessed (e.g. rendered for training
    /// evaluation); each batch is one pruning window. <paramref name="sourceName"/> names them in errors.
    /// </summary>
    public async Task<VisualContext> BuildAsync(IAsyncEnumerable<FrameBatch> batches, string sourceName, VisualContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(options);
        using var indexer = new VisualContextIndexer(vlm, options);
        await foreach (var batch in batches.ConfigureAwait(false))
        {
            using (batch)
            {
                indexer.Append(batch);
            }
        }

        return indexer.Complete(sourceName);
    }
}
