using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Contracts.Errors;
using SparseVila.Contracts.Videos;
using SparseVila.Engine.Generation;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Grains.Contexts;
using SparseVila.Grains.Inference;
using SparseVila.Grains.Placement;
using SparseVila.Grains.VisualCache;
using EngineConversation = SparseVila.Engine.Sparse.Conversation;

namespace SparseVila.Grains.Conversations;

/// <summary>
/// One conversation over one or more indexed videos of its tenant (SparseVILA's query-aware stage). Its videos' visual
/// contexts are leased from the silo's shared cache; each question is prefilled on an inference worker and decoded in
/// the silo's shared decode batch, streaming its text. Turns are persisted with their token ids, so when the
/// conversation activates elsewhere (its silo died) it rehydrates the contexts and replays the history exactly.
/// </summary>
/// <remarks>Awaits keep the grain's context (ConfigureAwait(true)): everything here touches grain state.</remarks>
[GpuPlacement]
public sealed partial class ConversationGrain : Grain, IConversationGrain, IDisposable
{
    /// <summary>The most videos one conversation can be about.</summary>
    public const int MaxVideos = 8;

    /// <summary>The most tokens one answer may be given.</summary>
    public const int MaxNewTokensLimit = 1024;

    private readonly IPersistentState<ConversationGrainState> _state;
    private readonly ModelHost _models;
    private readonly InferenceScheduler _scheduler;
    private readonly VisualContextCache _contexts;
    private readonly VisualCacheStore _caches;
    private readonly InferenceOptions _options;
    private readonly ILogger<ConversationGrain> _logger;
    private readonly SemaphoreSlim _asking = new(1, 1);
    private readonly List<VisualContextLease> _leases = [];
    private EngineConversation? _engine;

    public ConversationGrain(
        [PersistentState("conversation")] IPersistentState<ConversationGrainState> state, ModelHost models, InferenceScheduler scheduler,
        VisualContextCache contexts, VisualCacheStore caches, IOptions<InferenceOptions> options, ILogger<ConversationGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_state, _models, _scheduler, _contexts, _caches, _options, _logger) = (state, models, scheduler, contexts, caches, options.Value, logger);
        (Tenant, Id) = GrainKeys.Parse(this.GetPrimaryKeyString());
    }

    private TenantId Tenant { get; }

    private string Id { get; }

    private ConversationGrainState State => _state.State;

    private bool Started => State.VideoIds.Count > 0;

    public async Task<ConversationInfo> StartAsync(IReadOnlyList<string> videoIds)
    {
        ArgumentNullException.ThrowIfNull(videoIds);
        if (videoIds.Count is 0 or > MaxVideos || videoIds.Distinct(StringComparer.Ordinal).Count() != videoIds.Count)
        {
            throw new ArgumentException($"A conversation is about 1 to {MaxVideos} different videos.", nameof(videoIds));
        }

        if (Started)
        {
            return State.VideoIds.SequenceEqual(videoIds, StringComparer.Ordinal)
                ? Info()
                : throw new InvalidOperationException($"Conversation '{Id}' is already about other videos.");
        }

        foreach (var videoId in videoIds)
        {
            // Only this tenant's videos can even be named: the key carries the tenant. Throws when not indexed.
            await GrainFactory.GetGrain<IVideoGrain>(GrainKeys.For(Tenant, videoId)).GetIndexAsync().ConfigureAwait(true);
        }

        State.VideoIds = [.. videoIds];
        State.StartedAt = DateTimeOffset.UtcNow;
        await _state.WriteStateAsync().ConfigureAwait(true);
        LogStarted(Id, videoIds.Count);
        return Info();
    }

    public Task<ConversationInfo?> GetInfoAsync() => Task.FromResult(Started ? Info() : null);

    public async IAsyncEnumerable<AnswerChunk> AskAsync(AskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question, nameof(request));
        if (request.MaxNewTokens is < 1 or > MaxNewTokensLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxNewTokens, $"An answer may have 1 to {MaxNewTokensLimit} tokens.");
        }

        if (!Started)
        {
            throw new ResourceNotFoundException("conversation", Id);
        }

        // One question at a time: a turn's history must be complete before the next one is prefilled.
        await _asking.WaitAsync().ConfigureAwait(true);
        try
        {
            var model = await _models.GetAsync().ConfigureAwait(true);
            var engine = await OpenAsync(model).ConfigureAwait(true);
            var askedAt = DateTimeOffset.UtcNow;
            using var turn = await _scheduler.RunAsync(() => engine.Prepare(request.Question, new AskOptions { MaxNewTokens = request.MaxNewTokens })).ConfigureAwait(true);
            Answer? answer = null;
            await foreach (var token in engine.DecodeAsync(turn, model.Batcher, a => answer = a).ConfigureAwait(true))
            {
                if (token.TextDelta.Length > 0)
                {
                    yield return new AnswerChunk(token.TextDelta);
                }
            }

            var finished = answer ?? throw new InvalidOperationException("Decoding ended without an answer.");
            var persisted = Persist(finished, askedAt);
            State.Turns.Add(persisted);
            await _state.WriteStateAsync().ConfigureAwait(true);
            LogAnswered(Id, State.Turns.Count, finished.Stats.RetrievedTokens, finished.Stats.VisualTokens, finished.Stats.GeneratedTokens);
            yield return new AnswerChunk(string.Empty, new AnswerResult(persisted.Answer, persisted.Evidence, persisted.Stats));
        }
        finally
        {
            _asking.Release();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Close();
        return Task.CompletedTask;
    }

    /// <summary>The engine's conversation: contexts leased (read from storage if the silo holds none), history replayed.</summary>
    private async Task<EngineConversation> OpenAsync(LoadedModel model)
    {
        if (_engine is not null)
        {
            return _engine;
        }

        try
        {
            foreach (var videoId in State.VideoIds)
            {
                var video = GrainFactory.GetGrain<IVideoGrain>(GrainKeys.For(Tenant, videoId));
                var index = await video.GetIndexAsync().ConfigureAwait(true);
                if (index.ModelFingerprint != model.Fingerprint)
                {
                    throw new VideoNotReadyException(videoId, VideoStatus.Uploaded);
                }

                _leases.Add(await LeaseAsync(video, index).ConfigureAwait(true));
            }

            var retrieval = new RetrievalOptions { Method = _options.DecodeMethod, RetrievalRatio = _options.RetrievalRatio };
            var contexts = _leases.Select(l => l.Context).ToList();
            var replayed = State.Turns.Select(t => new ReplayedTurn(t.Question, t.AnswerTokenIds, Enum.Parse<FinishReason>(t.FinishReason))).ToList();
            _engine = await _scheduler.RunWhenRoomAsync(() =>
            {
                var conversation = new EngineConversation(model.Vlm, contexts, retrieval);
                conversation.Replay(replayed);
                return conversation;
            }).ConfigureAwait(true);
            if (replayed.Count > 0)
            {
                LogReplayed(Id, replayed.Count);
            }

            return _engine;
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <summary>
    /// A lease on the video's visual context, read from storage if the silo holds none. A stored cache that cannot be used
    /// (damaged, truncated, missing, or not what its place says) is never decoded: the video is told, deletes it and indexes
    /// again, and the question is refused as for any video being indexed, saying why.
    /// </summary>
    private async Task<VisualContextLease> LeaseAsync(IVideoGrain video, VideoIndex index)
    {
        var location = VisualCacheLocation.For(Tenant, index.ContentHash, index.ModelFingerprint);
        try
        {
            return await _contexts.AcquireAsync(location.Prefix, token =>
                _caches.ReadAsync(location, index.ModelFingerprint, index.ContentHash, cancellationToken: token)).ConfigureAwait(true);
        }
        catch (Exception error) when (error is KvCacheCorruptException or KvCacheMismatchException)
        {
            LogCacheUnusable(Id, index.VideoId, error.Message);
            var info = await video.RebuildDamagedCacheAsync(index.ModelFingerprint, error.Message).ConfigureAwait(true);
            throw new VideoNotReadyException(index.VideoId, info.Status, $"its stored visual cache cannot be used ({error.Message}), so it is being indexed again.");
        }
    }

    /// <summary>Orleans disposes the instance after its deactivation, which closed the engine's conversation.</summary>
    public void Dispose()
    {
        Close();
        _asking.Dispose();
    }

    private PersistedTurn Persist(Answer answer, DateTimeOffset askedAt) => new(
        answer.Question, answer.Text, [.. answer.TokenIds], answer.FinishReason.ToString(),
        [.. answer.Evidence.Select(e => new EvidenceItem(State.VideoIds[e.SourceIndex], e.TimestampSeconds, e.Score))],
        new Contracts.Conversations.AnswerStats(answer.Stats.VisualTokens, answer.Stats.RetrievedTokens, answer.Stats.PrefillMilliseconds, answer.Stats.DecodeTokensPerSecond,
            answer.Stats.GeneratedTokens),
        askedAt);

    private void Close()
    {
        _engine?.Dispose();
        _engine = null;
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }

        _leases.Clear();
    }

    private ConversationInfo Info() => new(Id, Tenant, State.VideoIds, [.. State.Turns.Select(t => t.ToTurn())]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} started over {Videos} videos")]
    private partial void LogStarted(string conversationId, int videos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the visual cache of video {VideoId} cannot be used: {Reason}")]
    private partial void LogCacheUnusable(string conversationId, string videoId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: replayed {Turns} turns after moving")]
    private partial void LogReplayed(string conversationId, int turns);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} turn {Turn}: {RetrievedTokens} of {VisualTokens} visual tokens, {GeneratedTokens} tokens")]
    private partial void LogAnswered(string conversationId, int turn, int retrievedTokens, int visualTokens, int generatedTokens);
}
