using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Utilities;
using SparseVila.Contracts;
using SparseVila.Contracts.Errors;
using SparseVila.Contracts.Videos;
using SparseVila.Engine.Sparse;
using SparseVila.Grains.Inference;
using SparseVila.Grains.Placement;
using SparseVila.Grains.Storage;
using SparseVila.Grains.VisualCache;

namespace SparseVila.Grains.Videos;

/// <summary>
/// One video: its source, its state machine (uploaded → indexing → indexed | failed) in grain storage, and its indexing
/// run, which goes on in the background after <see cref="StartIndexingAsync"/> returns. Each committed segment is
/// persisted before the run goes on, so a run cut short by its silo's death resumes after the last one: when the grain
/// next activates (any call), or when its reminder fires.
/// </summary>
/// <remarks>Awaits keep the grain's context (ConfigureAwait(true)): everything here touches grain state.</remarks>
[GpuPlacement]
public sealed partial class VideoGrain : Grain, IVideoGrain, IRemindable, IIndexingProgress, IDisposable
{
    private const string ResumeReminderName = "resume-indexing";

    private readonly IPersistentState<VideoGrainState> _state;
    private readonly VideoIndexingPipeline _pipeline;
    private readonly IBlobStore _blobs;
    private readonly VisualCacheStore _caches;
    private readonly InferenceOptions _options;
    private readonly ILogger<VideoGrain> _logger;
    private readonly ObserverManager<IVideoObserver> _observers;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private CancellationTokenSource? _run;
    private Task _running = Task.CompletedTask;

    public VideoGrain(
        [PersistentState("video")] IPersistentState<VideoGrainState> state, VideoIndexingPipeline pipeline, IBlobStore blobs, VisualCacheStore caches,
        IOptions<InferenceOptions> options, ILogger<VideoGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_state, _pipeline, _blobs, _caches, _options, _logger) = (state, pipeline, blobs, caches, options.Value, logger);
        _observers = new ObserverManager<IVideoObserver>(ObserverExpiry, logger);
        (Tenant, Id) = GrainKeys.Parse(this.GetPrimaryKeyString());
    }

    /// <summary>How long an observer stays subscribed without subscribing again.</summary>
    public static TimeSpan ObserverExpiry { get; } = TimeSpan.FromMinutes(5);

    private TenantId Tenant { get; }

    private string Id { get; }

    private VideoGrainState State => _state.State;

    private IVideoCatalogGrain Catalog => GrainFactory.GetGrain<IVideoCatalogGrain>(Tenant.Value);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Status == VideoStatus.Indexing)
        {
            LogResuming(Id, State.Segments.Count);
            StartRun();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The run stops with the activation; the state still says indexing, so the next activation resumes it.
        await StopRunAsync().ConfigureAwait(true);
    }

    public async Task<VideoInfo> RegisterAsync(VideoSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Tenant != Tenant)
        {
            throw new ArgumentException($"A video of tenant '{Tenant}' cannot register a source of tenant '{source.Tenant}'.", nameof(source));
        }

        if (State.Source is { } existing)
        {
            if (existing.BlobName != source.BlobName || existing.ContentHash != source.ContentHash)
            {
                throw new InvalidOperationException($"Video '{Id}' is already registered with other content.");
            }

            // A retried registration also lists the video, in case the first one stopped before the catalog heard of it.
            await Catalog.AddAsync(new VideoCatalogEntry(Id, existing.Name, existing.UploadedAt)).ConfigureAwait(true);
            return Info();
        }

        State.Source = source;
        State.Status = VideoStatus.Uploaded;
        State.DurationSeconds = source.DurationSeconds;
        await SaveAsync().ConfigureAwait(true);
        await Catalog.AddAsync(new VideoCatalogEntry(Id, source.Name, source.UploadedAt)).ConfigureAwait(true);
        LogRegistered(Id, source.Name, source.LengthBytes);
        return Info();
    }

    public async Task<VideoInfo> StartIndexingAsync(IndexingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = State.Source ?? throw new ResourceNotFoundException("video", Id);
        if (!double.IsFinite(options.KeepRatio) || options.KeepRatio is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeepRatio, "The keep ratio must be in (0, 1].");
        }

        if (!Enum.IsDefined(options.Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Codec, "Unknown cache codec.");
        }

        if (State.Status is VideoStatus.Indexing or VideoStatus.Indexed)
        {
            return Info();
        }

        if (State.Options is { } earlier && earlier != options)
        {
            // Committed segments of other options cannot be continued.
            ForgetCommitted();
        }

        return await BeginIndexingAsync(options).ConfigureAwait(true);
    }

    public async Task<VideoInfo> RebuildDamagedCacheAsync(string modelFingerprint, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelFingerprint);
        var source = State.Source ?? throw new ResourceNotFoundException("video", Id);
        if (State.Status != VideoStatus.Indexed || State.ModelFingerprint != modelFingerprint)
        {
            // Already being rebuilt (a second conversation found the same damage), or the report is of a cache this video no longer uses.
            return Info();
        }

        LogCacheDamaged(Id, reason);
        // The damaged cache goes whole (segments are written once: a damaged one cannot be overwritten in place), so the run
        // cannot reuse it and writes every segment and the manifest anew.
        await StopRunAsync().ConfigureAwait(true);
        await VideoCacheReferences.DeleteCacheAsync(_blobs, _caches, VisualCacheLocation.For(Tenant, source.ContentHash, modelFingerprint), CancellationToken.None)
            .ConfigureAwait(true);
        ForgetCommitted();
        return await BeginIndexingAsync(State.Options ?? IndexingOptions.Default).ConfigureAwait(true);
    }

    public Task<VideoInfo?> GetInfoAsync() => Task.FromResult(State.Source is null ? null : Info());

    public async Task CancelIndexingAsync()
    {
        if (State.Status != VideoStatus.Indexing)
        {
            return;
        }

        await StopRunAsync().ConfigureAwait(true);
        State.Status = VideoStatus.Uploaded;
        await SaveAsync().ConfigureAwait(true);
        await UnregisterResumeReminderAsync().ConfigureAwait(true);
        LogCancelled(Id, State.Segments.Count);
        Notify();
    }

    public async Task DeleteAsync()
    {
        var source = State.Source ?? throw new ResourceNotFoundException("video", Id);
        await StopRunAsync().ConfigureAwait(true);
        if (State.ModelFingerprint is { } fingerprint)
        {
            var location = VisualCacheLocation.For(Tenant, source.ContentHash, fingerprint);
            if (await VideoCacheReferences.RemoveAsync(_blobs, location, Id, CancellationToken.None).ConfigureAwait(true) == 0)
            {
                await _caches.DeleteAsync(location).ConfigureAwait(true);
            }
        }

        await _blobs.DeleteAsync(source.BlobName, BlobCondition.None).ConfigureAwait(true);
        await UnregisterResumeReminderAsync().ConfigureAwait(true);
        await Catalog.RemoveAsync(Id).ConfigureAwait(true);
        await _writes.WaitAsync().ConfigureAwait(true);
        try
        {
            await _state.ClearStateAsync().ConfigureAwait(true);
        }
        finally
        {
            _writes.Release();
        }

        LogDeleted(Id);
        _observers.Clear();
        DeactivateOnIdle();
    }

    public Task<VideoIndex> GetIndexAsync()
    {
        if (State.Source is not { } source)
        {
            throw new ResourceNotFoundException("video", Id);
        }

        return State.Status == VideoStatus.Indexed && State.ModelFingerprint is { } fingerprint
            ? Task.FromResult(new VideoIndex(Id, Tenant, source.ContentHash, fingerprint, State.CacheBytes))
            : throw new VideoNotReadyException(Id, State.Status);
    }

    public Task SubscribeAsync(IVideoObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IVideoObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminderName)
        {
            return;
        }

        if (State.Status != VideoStatus.Indexing)
        {
            await UnregisterResumeReminderAsync().ConfigureAwait(true);
        }
        else if (_running.IsCompleted)
        {
            LogResuming(Id, State.Segments.Count);
            StartRun();
        }
    }

    async Task IIndexingProgress.OnStartedAsync(string modelFingerprint, double durationSeconds, int framesTotal)
    {
        State.ModelFingerprint ??= modelFingerprint;
        State.DurationSeconds = durationSeconds;
        State.FramesTotal = framesTotal;
        await SaveAsync().ConfigureAwait(true);
        Notify();
    }

    async Task IIndexingProgress.OnRestartedAsync(string reason)
    {
        LogRestarted(Id, reason);
        ForgetCommitted();
        await SaveAsync().ConfigureAwait(true);
        Notify();
    }

    async Task IIndexingProgress.OnSegmentCommittedAsync(CommittedSegment segment, VisualContextStats stats)
    {
        State.Segments.Add(segment);
        State.Stats = IndexedStats.Of(stats);
        State.FramesDone = stats.Frames;
        await SaveAsync().ConfigureAwait(true);
        // A run outlives idle collection: each segment buys it time.
        DelayDeactivation(ActiveRunGrace);
        Notify();
    }

    /// <summary>How long a running index keeps its activation from idle collection after each segment.</summary>
    private static TimeSpan ActiveRunGrace { get; } = TimeSpan.FromMinutes(30);

    /// <summary>Status indexing with <paramref name="options"/>, persisted, the resume reminder set, and the run started.</summary>
    private async Task<VideoInfo> BeginIndexingAsync(IndexingOptions options)
    {
        State.Status = VideoStatus.Indexing;
        State.Options = options;
        State.Error = null;
        await SaveAsync().ConfigureAwait(true);
        await this.RegisterOrUpdateReminder(ResumeReminderName, _options.IndexingResumePeriod, _options.IndexingResumePeriod).ConfigureAwait(true);
        LogIndexingStarted(Id, options.KeepRatio, options.Codec);
        StartRun();
        return Notify();
    }

    private void StartRun()
    {
        var source = State.Source!;
        var options = State.Options ?? IndexingOptions.Default;
        _run = new CancellationTokenSource();
        var job = new IndexingJob(Id, source, options, [.. State.Segments], State.Stats?.ToStats(), State.ModelFingerprint);
        DelayDeactivation(ActiveRunGrace);
        _running = RunAsync(job, _run.Token);
    }

    private async Task RunAsync(IndexingJob job, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await _pipeline.RunAsync(job, this, cancellationToken).ConfigureAwait(true);
            State.Status = VideoStatus.Indexed;
            State.ModelFingerprint = outcome.ModelFingerprint;
            State.CacheBytes = outcome.CacheBytes;
            State.FramesDone = State.FramesTotal = outcome.Frames;
            await SaveAsync().ConfigureAwait(true);
            LogIndexed(Id, outcome.Frames, outcome.CacheBytes, outcome.Reused);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled or deactivating: whoever stopped the run decides the state.
            return;
        }
        catch (Exception error)
        {
            LogFailed(error, Id, error.Message);
            State.Status = VideoStatus.Failed;
            State.Error = error.Message;
            await SaveAsync().ConfigureAwait(true);
        }

        await UnregisterResumeReminderAsync().ConfigureAwait(true);
        Notify();
    }

    private async Task StopRunAsync()
    {
        if (_run is null)
        {
            return;
        }

        await _run.CancelAsync().ConfigureAwait(true);
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _run.Dispose();
        _run = null;
    }

    private void ForgetCommitted()
    {
        State.Segments.Clear();
        State.Stats = null;
        State.FramesDone = 0;
    }

    private async Task UnregisterResumeReminderAsync()
    {
        if (await this.GetReminder(ResumeReminderName).ConfigureAwait(true) is { } reminder)
        {
            await this.UnregisterReminder(reminder).ConfigureAwait(true);
        }
    }

    /// <summary>Writes the state; the run's writes and calls' writes take turns (two at once would conflict on the ETag).</summary>
    private async Task SaveAsync()
    {
        await _writes.WaitAsync().ConfigureAwait(true);
        try
        {
            await _state.WriteStateAsync().ConfigureAwait(true);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Orleans disposes the instance after its deactivation, which stopped the run.</summary>
    public void Dispose()
    {
        _run?.Dispose();
        _writes.Dispose();
    }

    private VideoInfo Info() => new(
        Id, Tenant, State.Source?.Name ?? string.Empty, State.Status,
        new IndexingProgress(State.FramesDone, State.FramesTotal, State.Segments.Count), State.Error, State.DurationSeconds,
        State.Source?.LengthBytes ?? 0, State.Source?.ContentType ?? VideoSource.UnknownContentType, State.Source?.UploadedAt ?? default);

    private VideoInfo Notify()
    {
        var info = Info();
        _observers.Notify(observer => observer.OnChanged(info));
        return info;
    }
}
