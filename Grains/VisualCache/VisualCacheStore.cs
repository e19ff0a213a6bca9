using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.VisualCache;

/// <summary>
/// Visual KV caches in an <see cref="IBlobStore"/>, in the format of docs/storage-format.md: segments of consecutive
/// frames, each written once, then <c>manifest.json</c>, written last, so a cache without a manifest was never completed
/// and is never read. Segments stream to the store as they are encoded and are read back in parallel; every fault of a
/// stored cache is a <see cref="KvCacheCorruptException"/> (index the video again) and a cache of another model or other
/// content a <see cref="KvCacheMismatchException"/>, never a context decoded from bad bytes.
/// </summary>
public sealed partial class VisualCacheStore
{
    private readonly IBlobStore _blobs;
    private readonly ILogger<VisualCacheStore> _logger;

    public VisualCacheStore(IBlobStore blobs, IOptions<VisualCacheStoreOptions> options, ILogger<VisualCacheStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var result = new VisualCacheStoreOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(VisualCacheStoreOptions), result.Failures);
        }

        Settings = options.Value;
    }

    /// <summary>The settings in force.</summary>
    public VisualCacheStoreOptions Settings { get; }

    /// <summary>
    /// Writes segment <paramref name="index"/>: the positions <paramref name="range"/> of <paramref name="context"/>, streamed
    /// to the store as <paramref name="codec"/> encodes them. A segment is written once: if the store already holds it (a
    /// resumed or concurrent run wrote it first), that one is verified and kept, and its entry returned. Throws
    /// <see cref="KvCacheCorruptException"/> when the stored one is damaged or holds another shape (the caller deletes the
    /// cache and indexes again).
    /// </summary>
    public async Task<KvManifestSegment> WriteSegmentAsync(
        VisualCacheLocation location, int index, VisualContext context, KvSegmentRange range, KvCodecOptions codec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        codec.Validate();
        var fileName = KvManifestSegment.FileNameOf(index);
        var name = location.NameOf(fileName);
        try
        {
            var summary = await StreamedBlobWrite.WriteAsync(_blobs, name, destination => KvSegmentWriter.Write(destination, context, range, codec),
                BlobCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
            LogSegmentWritten(name, range.Tokens, summary.LengthBytes);
            return KvManifestSegment.Of(fileName, range, summary);
        }
        catch (BlobConditionFailedException)
        {
            var existing = await VerifyStoredSegmentAsync(name, fileName, cancellationToken).ConfigureAwait(false);
            var expected = KvSegmentHeader.For(codec, context.Layers, new KvTensorShape(context.KvHeads, range.Tokens, context.HeadDim));
            if (existing.Header != expected)
            {
                throw new KvCacheCorruptException(fileName, KvCacheCorruption.ManifestMismatch,
                    $"the store already holds it as {Describe(existing.Header)}, not the {Describe(expected)} being written.");
            }

            LogSegmentKept(name);
            return KvManifestSegment.Of(fileName, range, existing);
        }
    }

    /// <summary>
    /// Writes <paramref name="manifest"/> after its segments, completing the cache. If a manifest is already there (a
    /// concurrent run completed the same cache first), that one is returned unchanged.
    /// </summary>
    public async Task<KvManifest> CommitAsync(VisualCacheLocation location, KvManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            // A manifest is a few KB per hour of video: written whole, not streamed.
            using var content = new MemoryStream();
            manifest.Write(content);
            content.Position = 0;
            await _blobs.WriteAsync(location.ManifestName, content, BlobCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
            var lengthBytes = manifest.Segments.Sum(s => s.LengthBytes);
            LogCommitted(location.Prefix, manifest.Segments.Count, manifest.TotalTokens, lengthBytes);
            return manifest;
        }
        catch (BlobConditionFailedException)
        {
            return await TryReadManifestAsync(location, cancellationToken).ConfigureAwait(false)
                ?? throw new KvCacheCorruptException(KvManifest.FileName, KvCacheCorruption.MissingManifest, "it was there when this one was written and is gone now (deleted meanwhile).");
        }
    }

    /// <summary>
    /// Stores the whole <paramref name="context"/>: its segments of <see cref="VisualCacheStoreOptions.FramesPerSegment"/>
    /// frames (<see cref="VisualCacheStoreOptions.WriteParallelism"/> at a time), then the manifest. Returns the manifest in the store.
    /// </summary>
    public async Task<KvManifest> WriteAsync(
        VisualCacheLocation location, VisualContext context, string modelFingerprint, string sourceContentHash, KvCodecOptions codec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(codec);
        var ranges = VisualContextSegments.ByFrames(context.Tokens, Settings.FramesPerSegment);
        var entries = new KvManifestSegment[ranges.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Settings.WriteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, ranges.Count), parallel, async (index, token) =>
            entries[index] = await WriteSegmentAsync(location, index, context, ranges[index], codec, token).ConfigureAwait(false)).ConfigureAwait(false);
        return await CommitAsync(location, KvManifest.Create(context, modelFingerprint, sourceContentHash, codec, entries), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The manifest of the cache at <paramref name="location"/>, or null when the cache was never completed. Throws
    /// <see cref="KvCacheCorruptException"/> for a manifest that cannot be read.
    /// </summary>
    public async Task<KvManifest?> TryReadManifestAsync(VisualCacheLocation location, CancellationToken cancellationToken = default)
    {
        OpenedBlob opened;
        try
        {
            opened = await _blobs.OpenReadAsync(location.ManifestName, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            return null;
        }

        await using (opened.ConfigureAwait(false))
        {
            // A manifest is a few KB per hour of video: read it whole, then parse.
            using var buffer = new MemoryStream();
            await opened.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            return KvManifest.Read(buffer);
        }
    }

    /// <summary>
    /// Rehydrates the cache at <paramref name="location"/>: its manifest, checked to be of <paramref name="expectedModelFingerprint"/>
    /// and <paramref name="expectedSourceContentHash"/>, then its segments, <see cref="VisualCacheStoreOptions.ReadParallelism"/>
    /// at a time, each verified whole before it is decoded. Throws <see cref="KvCacheMismatchException"/> for a cache of another
    /// model or content, <see cref="KvCacheCorruptException"/> for a missing manifest or segment and any damage. The caller
    /// owns the returned context.
    /// </summary>
    public async Task<VisualContext> ReadAsync(
        VisualCacheLocation location, string expectedModelFingerprint, string expectedSourceContentHash, KvSegmentReadOptions? readOptions = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var manifest = await TryReadManifestAsync(location, cancellationToken).ConfigureAwait(false)
            ?? throw new KvCacheCorruptException(KvManifest.FileName, KvCacheCorruption.MissingManifest, $"there is no {location.ManifestName}: the cache was never completed.");
        manifest.Validate(expectedModelFingerprint, expectedSourceContentHash);
        readOptions ??= new KvSegmentReadOptions();
        var segments = new KvSegment?[manifest.Segments.Count];
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Settings.ReadParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, segments.Length), parallel, async (index, token) =>
                segments[index] = await ReadSegmentAsync(location, SegmentShape.Of(manifest), manifest.Segments[index], readOptions, token).ConfigureAwait(false)).ConfigureAwait(false);
            var context = VisualContextSegments.Assemble([.. segments.Select(s => s!)], manifest.Stats);
            var bytes = manifest.Segments.Sum(s => s.LengthBytes);
            LogRehydrated(location.Prefix, manifest.Segments.Count, manifest.TotalTokens, bytes, clock.Elapsed.TotalMilliseconds);
            return context;
        }
        catch (KvCacheCorruptException error)
        {
            LogCorrupt(location.Prefix, error.Name, error.Reason, error.Message);
            throw;
        }
        finally
        {
            foreach (var segment in segments)
            {
                segment?.Dispose();
            }
        }
    }

    /// <summary>
    /// The segments an unfinished indexing run committed (<paramref name="committed"/>, in order from the first), read and
    /// verified like a whole cache's, as one context with <paramref name="stats"/>: what a resumed run continues from.
    /// Throws <see cref="KvCacheCorruptException"/> when one is missing, damaged or not of <paramref name="shape"/>.
    /// </summary>
    public async Task<VisualContext> ReadCommittedAsync(
        VisualCacheLocation location, IReadOnlyList<KvManifestSegment> committed, SegmentShape shape, VisualContextStats stats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentOutOfRangeException.ThrowIfZero(committed.Count, nameof(committed));
        var segments = new KvSegment?[committed.Count];
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Settings.ReadParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, segments.Length), parallel, async (index, token) =>
                segments[index] = await ReadSegmentAsync(location, shape, committed[index], new KvSegmentReadOptions(), token).ConfigureAwait(false)).ConfigureAwait(false);
            return VisualContextSegments.Assemble([.. segments.Select(s => s!)], stats);
        }
        finally
        {
            foreach (var segment in segments)
            {
                segment?.Dispose();
            }
        }
    }

    /// <summary>Deletes every blob of the cache at <paramref name="location"/>, manifest first; returns how many were deleted.</summary>
    public async Task<int> DeleteAsync(VisualCacheLocation location, CancellationToken cancellationToken = default)
    {
        // The manifest goes first, so a reader racing the delete sees an incomplete cache, not a complete one losing segments.
        var manifest = await _blobs.DeleteAsync(location.ManifestName, BlobCondition.None, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        return manifest + await _blobs.DeletePrefixAsync(location.Prefix + "/", cancellationToken).ConfigureAwait(false);
    }

    private async Task<KvSegment> ReadSegmentAsync(
        VisualCacheLocation location, SegmentShape shape, KvManifestSegment entry, KvSegmentReadOptions readOptions, CancellationToken cancellationToken)
    {
        var name = location.NameOf(entry.FileName);
        OpenedBlob opened;
        try
        {
            opened = await _blobs.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException error)
        {
            throw new KvCacheCorruptException(entry.FileName, KvCacheCorruption.MissingSegment, $"the manifest lists it, but the store has no {name}.", error);
        }

        await using (opened.ConfigureAwait(false))
        {
            if (opened.LengthBytes != entry.LengthBytes)
            {
                throw new KvCacheCorruptException(entry.FileName, opened.LengthBytes < entry.LengthBytes ? KvCacheCorruption.Truncated : KvCacheCorruption.SizeMismatch,
                    $"{opened.LengthBytes} bytes where the manifest lists {entry.LengthBytes}.");
            }

            var options = readOptions with { ExpectedLengthBytes = entry.LengthBytes, ExpectedChecksum = entry.Checksum };
            var segment = await Task.Run(() => KvSegmentReader.Read(opened.Content, entry.FileName, options), cancellationToken).ConfigureAwait(false);
            var header = segment.Header;
            if ((header.Codec, header.GroupTokens, header.Layers, header.KvHeads, header.HeadDim, header.Tokens)
                != (shape.Codec, shape.GroupTokens, shape.Layers, shape.KvHeads, shape.HeadDim, entry.EndToken - entry.FirstToken))
            {
                segment.Dispose();
                throw new KvCacheCorruptException(entry.FileName, KvCacheCorruption.ManifestMismatch,
                    $"the segment holds {Describe(header)}, not what the cache's manifest or run lists for it.");
            }

            return segment;
        }
    }

    private async Task<KvSegmentSummary> VerifyStoredSegmentAsync(string name, string fileName, CancellationToken cancellationToken)
    {
        try
        {
            var opened = await _blobs.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                return await KvSegmentVerifier.VerifyAsync(opened.Content, fileName, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BlobNotFoundException error)
        {
            throw new KvCacheCorruptException(fileName, KvCacheCorruption.MissingSegment, $"{name} was there when this one was written and is gone now (deleted meanwhile).", error);
        }
    }

    private static string Describe(KvSegmentHeader header) =>
        $"{header.Tokens} tokens × {header.Layers} layers × {header.KvHeads} KV heads × {header.HeadDim} in {header.Codec} (group {header.GroupTokens})";
}
