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
public sealed class Conversation : IDisposable
{
    private readonly VideoLanguageModel _vlm;
    private readonly VisualContext _context;
    private readonly RetrievalOptions _retrieval;
    private readonly KvCache _history;
    private readonly List<Answer> _turns = [];
    private List<int> _pendingIds = [];
    private RetrievalSelection? _fixedSelection;
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

    private IEnumerable<GeneratedToken> Run(string question, AskOptions options, Action<Answer>? onAnswered, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var template = _vlm.Template;
        var text = (_turns.Count == 0 ? string.Empty : template.RenderAssistantTurnEnd() + template.RenderUserTurnStart())
            + question + template.RenderUserTurnEnd();
        var ids = _pendingIds.Concat(_vlm.Tokenizer.Encode(text)).Select(id => (long)id).ToArray();

        KvCache compact;
        Tensor firstLogits;
        IReadOnlyList<Evidence> evidence;
        int keepFrom;
        if (_fixedSelection is not null)
        {
            // FastV after its first turn: the dropped tokens are gone, for the question's prefill too.
            compact = _fixedSelection.BuildCompactCache(_context, _history, ids.Length + options.MaxNewTokens + 1);
            keepFrom = compact.LengthTokens;
            using var embeddings = _vlm.Model.EmbedTokens(tensor(ids).unsqueeze(0));
            firstLogits = _vlm.Generator.Prefill(embeddings, compact, options.PrefillChunkTokens);
            evidence = [];
        }
        else
        {
            using var scoring = new RetrievalScoringCache(_context, _history);
            using (var embeddings = _vlm.Model.EmbedTokens(tensor(ids).unsqueeze(0)))
            {
                firstLogits = _vlm.Generator.Prefill(embeddings, scoring, options.PrefillChunkTokens);
            }

            evidence = Evidence.FromScores(scoring, _context, options.EvidenceFrames);
            var selection = RetrievalSelection.FromScores(scoring, _context, _retrieval);
            compact = selection.BuildCompactCache(_context, _history, options.MaxNewTokens + 1);
            keepFrom = compact.LengthTokens;
            if (_retrieval.Method == DecodeMethod.FastV)
            {
                _fixedSelection = selection;
            }
            else
            {
                selection.Dispose();
            }
        }

        var prefillMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        GenerationResult? result = null;
        double? firstTokenMilliseconds = null;
        var sampling = new SamplingOptions
        {
            Temperature = options.Temperature, TopP = options.TopP, Seed = options.Seed,
            MaxNewTokens = options.MaxNewTokens, StopStrings = template.StopStrings,
        };
        using (compact)
        using (firstLogits)
        {
            foreach (var token in _vlm.Generator.Generate(firstLogits, compact, sampling, r => result = r))
            {
                cancellationToken.ThrowIfCancellationRequested();
                firstTokenMilliseconds ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                yield return token;
            }

            KeepInHistory(compact, keepFrom);
        }

        var finished = result ?? throw new InvalidOperationException("Generation ended without a result.");
        _pendingIds = finished.FinishReason == FinishReason.EndOfSequence || finished.TokenIds.Count == 0 ? [] : [finished.TokenIds[^1]];
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var ttft = firstTokenMilliseconds ?? total;
        var answer = new Answer(question, finished.Text.Trim(), finished.TokenIds, finished.FinishReason, evidence, new AnswerStats(
            _context.VisualPositions.Count, _retrieval.BudgetFor(_context.VisualPositions.Count), ids.Length, finished.TokenIds.Count,
            prefillMilliseconds, ttft, total - ttft));
        _turns.Add(answer);
        onAnswered?.Invoke(answer);
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
