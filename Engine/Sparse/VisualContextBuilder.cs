using System.Diagnostics;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// SparseVILA's query-agnostic stage: streams a video's frames window by window through the vision
/// tower, keeps the most salient tokens, and prefills the LLM over the context in chunks. Memory holds
/// the growing keys and values plus one window of frames, whatever the video's length.
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
        options.Validate();
        var videoPath = sourceName;
        var lm = vlm.Model.LanguageModel;
        using var cache = lm.NewCache(4096, vlm.Model.ComputeType, vlm.Model.Device);
        var tokens = new List<ContextToken>();
        var pending = new List<Tensor>();                                                              // (1, t, D) pieces not yet prefilled
        var pendingTokens = 0;
        var (encodeTicks, prefillTicks) = (0L, 0L);
        var (frames, before, kept) = (0, 0, 0);

        void AddText(string text, int frameIndex, double timestamp)
        {
            var ids = vlm.Tokenizer.Encode(text);
            if (ids.Count == 0)
            {
                return;
            }

            pending.Add(vlm.Model.EmbedTokens(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0)).DetachFromDisposeScope());
            pendingTokens += ids.Count;
            tokens.AddRange(Enumerable.Repeat(ContextToken.TextOf(frameIndex, timestamp), ids.Count));
        }

        void Prefill(bool all)
        {
            var start = Stopwatch.GetTimestamp();
            while (pendingTokens >= options.PrefillChunkTokens || (all && pendingTokens > 0))
            {
                using var scope = NewDisposeScope();
                var joined = cat(pending, 1);                                                          // (1, t, D)
                foreach (var piece in pending)
                {
                    piece.Dispose();
                }

                pending.Clear();
                var take = Math.Min(options.PrefillChunkTokens, pendingTokens);
                lm.Forward(new Model.Text.DecoderInput(joined[.., ..take, ..], [cache], Logits: Model.Text.LogitsSelection.None));

                pendingTokens -= take;
                if (pendingTokens > 0)
                {
                    pending.Add(joined[.., take.., ..].clone().DetachFromDisposeScope());
                }
            }

            prefillTicks += Stopwatch.GetTimestamp() - start;
        }

        // Grad mode is per thread: every no_grad block below is synchronous, never held across an await.
        using (no_grad())
        {
            var opening = vlm.NewChat().System(options.SystemPrompt).Build().OfType<TextSegment>().Select(s => s.Text);
            AddText(string.Concat(opening) + vlm.Template.RenderUserTurnStart(), -1, -1);
        }

        await foreach (var batch in batches.ConfigureAwait(false))
        {
            using (batch)
            using (no_grad())
            {
                var start = Stopwatch.GetTimestamp();
                using var scope = NewDisposeScope();
                var (features, salience) = vlm.Model.EncodeFramesWithSalience(batch.Pixels);               // (N, Nv, Dv), (N, Nv)
                var selection = TokenPruner.Select(salience, options.KeepRatio, options.FrameFloorRatio);
                encodeTicks += Stopwatch.GetTimestamp() - start;
                for (var i = 0; i < batch.FrameCount; i++)
                {
                    var (frameIndex, timestamp) = (batch.FrameIndices[i], batch.TimestampsSeconds[i]);
                    AddText(vlm.Format.Marker(timestamp), frameIndex, timestamp);
                    var picked = selection[i];
                    var visual = vlm.Model.Project(features[i].index_select(0, tensor(picked)));          // (k, D)
                    pending.Add(visual.unsqueeze(0).DetachFromDisposeScope());
                    pendingTokens += picked.Length;
                    tokens.AddRange(picked.Select(p => new ContextToken(ContextTokenKind.Visual, frameIndex, timestamp, (int)p)));
                    AddText(vlm.Format.FrameSeparator, frameIndex, timestamp);
                    (frames, before, kept) = (frames + 1, before + (int)features.shape[1], kept + picked.Length);
                }

                Prefill(all: false);
            }
        }

        using (no_grad())
        {
            Prefill(all: true);
        }

        if (frames == 0)
        {
            throw new VideoDecodeException(videoPath, VideoDecodeError.Undecodable, $"'{videoPath}' gave no frames to index.");
        }

        var keys = new Tensor[cache.Layers];
        var values = new Tensor[cache.Layers];
        for (var layer = 0; layer < cache.Layers; layer++)
        {
            // The views must die with this scope: an undisposed view keeps the cache's whole buffer alive.
            using var scope = NewDisposeScope();
            var (k, v) = cache.Layer(layer);
            keys[layer] = k.clone().DetachFromDisposeScope();
            values[layer] = v.clone().DetachFromDisposeScope();
        }

        var stats = new VisualContextStats(frames, before, kept, options.KeepRatio,
            Stopwatch.GetElapsedTime(0, encodeTicks).TotalMilliseconds, Stopwatch.GetElapsedTime(0, prefillTicks).TotalMilliseconds);
        return new VisualContext(keys, values, tokens, stats);
    }
}
