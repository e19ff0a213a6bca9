using System.Diagnostics;
using System.Runtime.CompilerServices;
using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// A multi-turn conversation over one visual context (SparseVILA's query-aware stage). Each turn
/// prefills its text with dense attention over the whole context, retrieves the visual tokens the
/// question attends to, gathers them into a compact cache and decodes over it. The next turn scores
/// the whole context again: nothing is pruned for good. The context is read, never changed; the
/// conversation owns only its text history.
/// </summary>
public sealed partial class Conversation : IDisposable
{
    private readonly VideoLanguageModel _vlm;
    private readonly VisualContext _context;
    private readonly RetrievalOptions _retrieval;
    private readonly KvCache _history;
    private readonly List<Answer> _turns = [];
    private List<int> _pendingIds = [];
    private RetrievalSelection? _fixedSelection;
    private PreparedTurn? _inFlight;
    private readonly VisualContext? _ownedContext;

    /// <summary>
    /// A conversation over several videos: their contexts joined in order (<see cref="VisualContext.Concat"/>),
    /// evidence naming each moment's video by its index. One context is read as it is, without a copy.
    /// </summary>
    public Conversation(VideoLanguageModel vlm, IReadOnlyList<VisualContext> contexts, RetrievalOptions retrieval)
        : this(vlm, Join(contexts, out var owned), retrieval) => _ownedContext = owned;

    public Conversation(VideoLanguageModel vlm, VisualContext context, RetrievalOptions retrieval)
    {
        ArgumentNullException.ThrowIfNull(vlm);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(retrieval);
        retrieval.Validate();
        var text = vlm.Model.Config.Text;
        if (context.Layers != text.NumHiddenLayers || context.KvHeads != text.NumKeyValueHeads || context.HeadDim != text.HeadDim)
        {
            throw new ArgumentException(
                $"The context ({context.Layers} layers × {context.KvHeads} KV heads × {context.HeadDim}) was not made by this model.", nameof(context));
        }

        (_vlm, _context, _retrieval) = (vlm, context, retrieval);
        _history = new KvCache(context.Layers, context.KvHeads, context.HeadDim, 256, context.Keys(0).dtype, context.Keys(0).device)
        {
            PositionOffset = context.LengthTokens,
        };
    }

    /// <summary>The answered turns, in order.</summary>
    public IReadOnlyList<Answer> Turns => _turns;

    /// <summary>Tokens of text history held (questions, template text and answers).</summary>
    public int HistoryTokens => _history.LengthTokens;

    /// <summary>Answers <paramref name="question"/>, streaming its tokens; <paramref name="onAnswered"/> gets the whole answer.</summary>
    public IEnumerable<GeneratedToken> Ask(string question, AskOptions options, Action<Answer>? onAnswered = null) =>
        Run(question, options, onAnswered, CancellationToken.None);

    /// <summary>As <see cref="Ask"/>, observing cancellation between tokens.</summary>
    public async IAsyncEnumerable<GeneratedToken> AskAsync(
        string question, AskOptions options, Action<Answer>? onAnswered = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var token in Run(question, options, onAnswered, cancellationToken))
        {
            yield return token;
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first half of a turn, synchronously: the turn's text is prefilled over the whole context with
    /// retrieval scoring, the evidence found and the compact cache gathered. Decode it with
    /// <see cref="DecodeAsync"/>; until it is answered or disposed no other turn can be prepared.
    /// </summary>
    public PreparedTurn Prepare(string question, AskOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (_inFlight is not null)
        {
            throw new InvalidOperationException("A turn is in flight; answer or dispose it before the next question.");
        }

        var started = Stopwatch.GetTimestamp();
        var template = _vlm.Template;
        var text = (_turns.Count == 0 ? string.Empty : template.RenderAssistantTurnEnd() + template.RenderUserTurnStart())
            + question + template.RenderUserTurnEnd();
        var ids = _pendingIds.Concat(_vlm.Tokenizer.Encode(text)).Select(id => (long)id).ToArray();
        var historyBefore = _history.LengthTokens;
        try
        {
            var turn = _fixedSelection is null
                ? PrefillWithRetrieval(question, ids, options, historyBefore, started)
                : PrefillOverFixedSelection(question, ids, options, historyBefore, started);
            _inFlight = turn;
            return turn;
        }
        catch
        {
            _history.Truncate(historyBefore);
            throw;
        }
    }

    /// <summary>
    /// Decodes a prepared turn's answer on <paramref name="batcher"/>, streaming its tokens; then keeps
    /// the answer in the history and records it as <see cref="Ask"/> does (<see cref="Turns"/>,
    /// <paramref name="onAnswered"/>). Stopped early, the turn stays unanswered: dispose it.
    /// </summary>
    public IAsyncEnumerable<GeneratedToken> DecodeAsync(
        PreparedTurn turn, DecodeBatcher batcher, Action<Answer>? onAnswered = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(batcher);
        if (!turn.BelongsTo(this))
        {
            throw new ArgumentException("The turn was prepared by another conversation.", nameof(turn));
        }

        return DecodeOnBatcher(turn, batcher, onAnswered, cancellationToken);
    }

    private async IAsyncEnumerable<GeneratedToken> DecodeOnBatcher(
        PreparedTurn turn, DecodeBatcher batcher, Action<Answer>? onAnswered, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        turn.BeginDecoding();
        GenerationResult? result = null;
        var trimmer = new AnswerTextTrimmer();
        await foreach (var token in batcher.GenerateAsync(turn.FirstLogits, turn.Cache, turn.Sampling, r => result = r, cancellationToken).ConfigureAwait(false))
        {
            turn.TokenStreamed();
            yield return token with { TextDelta = trimmer.Next(token.TextDelta) };
        }

        var answer = Complete(turn, result ?? throw new InvalidOperationException("Generation ended without a result."));
        onAnswered?.Invoke(answer);
    }

    private IEnumerable<GeneratedToken> Run(string question, AskOptions options, Action<Answer>? onAnswered, CancellationToken cancellationToken)
    {
        using var turn = Prepare(question, options);
        turn.BeginDecoding();
        GenerationResult? result = null;
        var trimmer = new AnswerTextTrimmer();
        foreach (var token in _vlm.Generator.Generate(turn.FirstLogits, turn.Cache, turn.Sampling, r => result = r))
        {
            cancellationToken.ThrowIfCancellationRequested();
            turn.TokenStreamed();
            yield return token with { TextDelta = trimmer.Next(token.TextDelta) };
        }

        var answer = Complete(turn, result ?? throw new InvalidOperationException("Generation ended without a result."));
        onAnswered?.Invoke(answer);
    }

    /// <summary>SparseVILA, dense, and FastV's first turn: dense prefill over the whole context, scored, then retrieval.</summary>
    private PreparedTurn PrefillWithRetrieval(string question, long[] ids, AskOptions options, int historyBefore, long started)
    {
        Tensor? firstLogits = null;
        RetrievalSelection? selection = null;
        try
        {
            using var scoring = new RetrievalScoringCache(_context, _history);
            firstLogits = PrefillTokens(ids, scoring, options);

            var evidence = Evidence.FromScores(scoring, _context, options.EvidenceFrames);
            selection = RetrievalSelection.FromScores(scoring, _context, _retrieval);
            var compact = selection.BuildCompactCache(_context, _history, options.MaxNewTokens + 1);
            var fixedSelection = _retrieval.Method == DecodeMethod.FastV ? selection : null;
            if (fixedSelection is null)
            {
                selection.Dispose();
            }

            // The question went to the history with the scoring prefill: only the answer joins it after.
            return new PreparedTurn(this, question, ids.Length, historyBefore, compact, compact.LengthTokens, firstLogits, evidence,
                fixedSelection, options.Sampling(_vlm.Template.StopStrings), started);
        }
        catch
        {
            firstLogits?.Dispose();
            selection?.Dispose();
            throw;
        }
    }

    /// <summary>FastV after its first turn: the dropped tokens are gone, for the question's prefill too.</summary>
    private PreparedTurn PrefillOverFixedSelection(string question, long[] ids, AskOptions options, int historyBefore, long started)
    {
        var compact = _fixedSelection!.BuildCompactCache(_context, _history, ids.Length + options.MaxNewTokens + 1);
        try
        {
            var questionFrom = compact.LengthTokens;
            var firstLogits = PrefillTokens(ids, compact, options);

            // The question is in the compact cache only: it joins the history with the answer.
            return new PreparedTurn(this, question, ids.Length, historyBefore, compact, questionFrom, firstLogits, [], null,
                options.Sampling(_vlm.Template.StopStrings), started);
        }
        catch
        {
            compact.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The tokens <paramref name="ids"/> (a question, or a replayed answer) prefilled into <paramref name="cache"/>; the
    /// logits of the last (V,), owned by the caller. The scope holds the ids and embeddings until the prefill is done: a
    /// temporary no scope holds can be finalised while libtorch still reads it.
    /// </summary>
    private Tensor PrefillTokens(long[] ids, IAttentionCache cache, AskOptions options)
    {
        using var scope = NewDisposeScope();
        var embeddings = _vlm.Model.EmbedTokens(tensor(ids).unsqueeze(0));                          // (1, T, D)
        return _vlm.Generator.Prefill(embeddings, cache, options.PrefillChunkTokens);
    }

    /// <summary>Keeps an answered turn: its tokens join the history, its answer the turns.</summary>
    private Answer Complete(PreparedTurn turn, GenerationResult finished)
    {
        KeepInHistory(turn.Cache, turn.AnswerFromToken);
        if (turn.TakeFixedSelection() is { } selection)
        {
            _fixedSelection = selection;
        }

        // The last token was sampled but never fed (unless the model ended the answer): it opens the next turn's prefill.
        _pendingIds = finished.FinishReason == FinishReason.EndOfSequence || finished.TokenIds.Count == 0 ? [] : [finished.TokenIds[^1]];
        var total = Stopwatch.GetElapsedTime(turn.StartedTimestamp).TotalMilliseconds;
        var ttft = turn.FirstTokenMilliseconds ?? total;
        var answer = new Answer(turn.Question, finished.Text.Trim(), finished.TokenIds, finished.FinishReason, turn.Evidence, new AnswerStats(
            _context.VisualPositions.Count, _retrieval.BudgetFor(_context.VisualPositions.Count), turn.PromptTokens, finished.TokenIds.Count,
            turn.PrefillMilliseconds, ttft, total - ttft));
        _turns.Add(answer);
        _inFlight = null;
        turn.Answered();
        return answer;
    }

    /// <summary>An unanswered turn is withdrawn: the question leaves the history, and the next turn can be prepared.</summary>
    internal void Withdraw(PreparedTurn turn)
    {
        if (!ReferenceEquals(_inFlight, turn))
        {
            return;
        }

        _history.Truncate(turn.HistoryTokensBefore);
        _inFlight = null;
    }

    /// <summary>Tokens written to the compact cache from <paramref name="from"/> on join the history, so the next turn sees them.</summary>
    private void KeepInHistory(KvCache compact, int from)
    {
        var fed = compact.LengthTokens - from;
        if (fed <= 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        for (var layer = 0; layer < compact.Layers; layer++)
        {
            var (keys, values) = compact.Layer(layer);
            _history.Write(layer, keys[.., .., from.., ..], values[.., .., from.., ..]);
        }

        _history.Advance(fed);
    }

    private static VisualContext Join(IReadOnlyList<VisualContext> contexts, out VisualContext? owned)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        owned = contexts.Count == 1 ? null : VisualContext.Concat(contexts);
        return owned ?? contexts[0];
    }

    public void Dispose()
    {
        _ownedContext?.Dispose();
        _history.Dispose();
        _fixedSelection?.Dispose();
    }
}
