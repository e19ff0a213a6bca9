using Microsoft.Extensions.Logging;
using SparseVila.Contracts.Videos;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Engine.Video;
using SparseVila.Grains.Inference;
using SparseVila.Grains.Storage;
using SparseVila.Grains.VisualCache;

namespace SparseVila.Grains.Videos;

/// <summary>
/// Indexes one video into its visual cache (SparseVILA's query-agnostic stage): frames at 1 fps, salience pruning and
/// prefill window by window on the inference workers, each window committed to the store as a segment as soon as it is
/// complete, and the manifest last. A run given the segments an interrupted run committed continues after them from
/// their keys and values. A complete cache of the same content and model is reused without indexing.
/// </summary>
/// <remarks>
/// Awaits here keep the caller's context (no ConfigureAwait(false)): the video grain calls it, and
/// <see cref="IIndexingProgress"/> callbacks touch the grain's state, so they must run on the grain's scheduler.
/// </remarks>
public sealed partial class VideoIndexingPipeline(
    IBlobStore blobs, VisualCacheStore caches, ModelHost models, InferenceScheduler scheduler, ILogger<VideoIndexingPipeline> logger)
{
    /// <summary>Runs <paramref name="job"/>, reporting to <paramref name="progress"/>; throws what stops it (cancellation, bad video, storage).</summary>
    public async Task<IndexingOutcome> RunAsync(IndexingJob job, IIndexingProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var model = await models.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(true);
        var location = VisualCacheLocation.For(job.Source.Tenant, job.Source.ContentHash, model.Fingerprint);
        await VideoCacheReferences.AddAsync(blobs, location, job.VideoId, cancellationToken).ConfigureAwait(true);
        if (await caches.TryReadManifestAsync(location, cancellationToken).ConfigureAwait(true) is { } existing
            && existing.ModelFingerprint == model.Fingerprint && existing.SourceContentHash == job.Source.ContentHash)
        {
            LogReused(job.VideoId, location.Prefix);
            return new IndexingOutcome(model.Fingerprint, existing.Segments.Sum(s => s.LengthBytes), existing.Frames.Count, Reused: true);
        }

        var scratch = Directory.CreateTempSubdirectory("sparsevila-index-");
        try
        {
            var path = Path.Combine(scratch.FullName, "source");
            await DownloadAsync(job.Source.BlobName, path, cancellationToken).ConfigureAwait(true);
            return await IndexAsync(job, model, location, path, progress, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<IndexingOutcome> IndexAsync(
        IndexingJob job, LoadedModel model, VisualCacheLocation location, string path, IIndexingProgress progress, CancellationToken cancellationToken)
    {
        var vlm = model.Vlm;
        var framesPerSegment = caches.Settings.FramesPerSegment;
        var options = new VisualContextOptions { KeepRatio = job.Options.KeepRatio, WindowFrames = framesPerSegment };
        var codec = new KvCodecOptions(ToKvCodec(job.Options.Codec));
        var probed = await VideoProbe.ProbeAsync(path, cancellationToken).ConfigureAwait(true);
        var framesTotal = options.Sampling.TimestampsSeconds(probed.DurationSeconds).Count;
        await progress.OnStartedAsync(model.Fingerprint, probed.DurationSeconds, framesTotal).ConfigureAwait(true);

        var committed = job.Committed.Select(s => s.ToManifestEntry()).ToList();
        if (committed.Count > 0 && job.CommittedModelFingerprint != model.Fingerprint)
        {
            committed.Clear();
            await progress.OnRestartedAsync($"the committed segments are of model {job.CommittedModelFingerprint}, not {model.Fingerprint}").ConfigureAwait(true);
        }

        using var indexer = await StartIndexerAsync(job, model, location, options, codec, committed, progress, cancellationToken).ConfigureAwait(true);
        await foreach (var batch in FrameReader.ReadAsync(path, options.Sampling, vlm.Preprocessing, framesPerSegment, cancellationToken).ConfigureAwait(true))
        {
            using (batch)
            {
                if (batch.FrameIndices[^1] < indexer.NextFrameIndex)
                {
                    continue;                                                                              // committed before the interruption
                }

                await scheduler.RunWhenRoomAsync(() =>
                {
                    indexer.Append(batch);
                    return true;
                }, cancellationToken).ConfigureAwait(true);
            }

            var ranges = VisualContextSegments.ByFrames(indexer.Tokens, framesPerSegment);
            if (ranges.Count <= committed.Count)
            {
                continue;
            }

            using var view = indexer.View();
            for (var index = committed.Count; index < ranges.Count; index++)
            {
                var entry = await caches.WriteSegmentAsync(location, index, view, ranges[index], codec, cancellationToken).ConfigureAwait(true);
                committed.Add(entry);
                await progress.OnSegmentCommittedAsync(CommittedSegment.Of(entry), indexer.Stats).ConfigureAwait(true);
            }
        }

        if (indexer.FramesIndexed == 0)
        {
            throw new VideoDecodeException(job.Source.Name, VideoDecodeError.Undecodable, $"'{job.Source.Name}' gave no frames to index.");
        }

        KvManifest manifest;
        using (var whole = indexer.View())
        {
            manifest = KvManifest.Create(whole, model.Fingerprint, job.Source.ContentHash, codec, committed);
        }

        manifest = await caches.CommitAsync(location, manifest, cancellationToken).ConfigureAwait(true);
        var bytes = manifest.Segments.Sum(s => s.LengthBytes);
        LogIndexed(job.VideoId, manifest.Frames.Count, manifest.VisualTokens, manifest.Segments.Count, bytes);
        return new IndexingOutcome(model.Fingerprint, bytes, manifest.Frames.Count, Reused: false);
    }

    /// <summary>An indexer that continues after the committed segments, or starts afresh when there are none or they cannot be used.</summary>
    private async Task<VisualContextIndexer> StartIndexerAsync(
        IndexingJob job, LoadedModel model, VisualCacheLocation location, VisualContextOptions options, KvCodecOptions codec,
        List<KvManifestSegment> committed, IIndexingProgress progress, CancellationToken cancellationToken)
    {
        if (committed.Count > 0)
        {
            var text = model.Vlm.Model.Config.Text;
            var shape = new SegmentShape(codec.Codec, codec.GroupTokens, text.NumHiddenLayers, text.NumKeyValueHeads, text.HeadDim);
            var stats = job.CommittedStats ?? new VisualContextStats(0, 0, 0, options.KeepRatio, 0, 0);
            try
            {
                using var prefix = await caches.ReadCommittedAsync(location, committed, shape, stats, cancellationToken).ConfigureAwait(true);
                LogResumed(job.VideoId, committed.Count, prefix.Stats.Frames);
                return await scheduler.RunWhenRoomAsync(() => new VisualContextIndexer(model.Vlm, options, prefix), cancellationToken).ConfigureAwait(true);
            }
            catch (KvCacheCorruptException error)
            {
                // Segments are written once, so damaged ones cannot be overwritten: the run's blobs go and it starts again.
                LogRestarting(job.VideoId, error.Message);
                await VideoCacheReferences.DeleteCacheAsync(blobs, caches, location, cancellationToken).ConfigureAwait(true);
                committed.Clear();
                await progress.OnRestartedAsync(error.Message).ConfigureAwait(true);
            }
        }

        return await scheduler.RunWhenRoomAsync(() => new VisualContextIndexer(model.Vlm, options), cancellationToken).ConfigureAwait(true);
    }

    private async Task DownloadAsync(string blobName, string path, CancellationToken cancellationToken)
    {
        var opened = await blobs.OpenReadAsync(blobName, cancellationToken).ConfigureAwait(true);
        await using (opened.ConfigureAwait(true))
        {
            var file = File.Create(path);
            await using (file.ConfigureAwait(true))
            {
                await opened.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(true);
            }
        }
    }

    /// <summary>The storage codec of <paramref name="codec"/>.</summary>
    public static KvCodec ToKvCodec(CacheCodec codec) => codec switch
    {
        CacheCodec.Fp16 => KvCodec.Fp16,
        CacheCodec.Int8 => KvCodec.Int8,
        CacheCodec.Int4 => KvCodec.Int4,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown cache codec."),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId}: a complete cache of the same content and model is at {Prefix}; reused it")]
    private partial void LogReused(string videoId, string prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId}: resuming after {Segments} committed segments ({Frames} frames)")]
    private partial void LogResumed(string videoId, int segments, int frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {VideoId}: the committed segments cannot be used ({Reason}); indexing again from the start")]
    private partial void LogRestarting(string videoId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId} indexed: {Frames} frames, {VisualTokens} visual tokens in {Segments} segments, {Bytes} bytes")]
    private partial void LogIndexed(string videoId, int frames, int visualTokens, int segments, long bytes);
}
