using System.Diagnostics;
using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// A turn whose question is prefilled over the whole visual context (retrieval scored, evidence found,
/// the compact cache gathered) and whose answer is not decoded yet: the heavy half of a turn, made by
/// <see cref="Conversation.Prepare"/> on one thread, decoded by <see cref="Conversation.DecodeAsync"/> on
/// another. Owns the compact cache and the first logits, released once the answer is kept. Disposing it
/// before then takes the question back out of the conversation's history, as if it had not been asked;
/// never dispose it while its answer is being decoded.
/// </summary>
public sealed class PreparedTurn : IDisposable
{
    private readonly Conversation _owner;
    private RetrievalSelection? _fixedSelection;
    private bool _released;

    internal PreparedTurn(
        Conversation owner, string question, int promptTokens, int historyTokensBefore, KvCache cache, int answerFromToken, Tensor firstLogits,
        IReadOnlyList<Evidence> evidence, RetrievalSelection? fixedSelection, SamplingOptions sampling, long startedTimestamp)
    {
        (_owner, Question, PromptTokens, HistoryTokensBefore) = (owner, question, promptTokens, historyTokensBefore);
        (Cache, AnswerFromToken, FirstLogits, Evidence, _fixedSelection) = (cache, answerFromToken, firstLogits, evidence, fixedSelection);
        (Sampling, StartedTimestamp) = (sampling, startedTimestamp);
        PrefillMilliseconds = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
    }

    /// <summary>The question.</summary>
    public string Question { get; }

    /// <summary>The moments of the video the question drew on (none for FastV after its first turn).</summary>
    public IReadOnlyList<Evidence> Evidence { get; }

    /// <summary>Prefilling the turn's text over the full context, retrieval and gathering the compact cache.</summary>
    public double PrefillMilliseconds { get; }

    /// <summary>Tokens of the turn's text prefilled.</summary>
    public int PromptTokens { get; }

    /// <summary>The answer has been decoded and kept in the conversation's history.</summary>
    public bool IsAnswered { get; private set; }

    /// <summary>The cache the answer decodes into: retrieved visual tokens, the history and the question.</summary>
    internal KvCache Cache { get; }

    /// <summary>The prefill's last logits (V,), from which the first answer token is sampled.</summary>
    internal Tensor FirstLogits { get; }

    /// <summary>How the answer is sampled and when it stops.</summary>
    internal SamplingOptions Sampling { get; }

    /// <summary>Where the tokens that join the history begin in <see cref="Cache"/>.</summary>
    internal int AnswerFromToken { get; }

    /// <summary>The history's length before the question: what disposing an unanswered turn returns it to.</summary>
    internal int HistoryTokensBefore { get; }

    /// <summary>When the turn began, as a <see cref="Stopwatch"/> timestamp.</summary>
    internal long StartedTimestamp { get; }

    /// <summary>From the question to the first streamed token, once one has been.</summary>
    internal double? FirstTokenMilliseconds { get; private set; }

    /// <summary>Decoding has begun; a turn is decoded once.</summary>
    internal bool IsDecoding { get; private set; }

    internal bool BelongsTo(Conversation conversation) => ReferenceEquals(_owner, conversation);

    /// <summary>Marks the turn as being decoded; throws when it is (or was) already, or was disposed.</summary>
    internal void BeginDecoding()
    {
        ObjectDisposedException.ThrowIf(_released, this);
        if (IsDecoding)
        {
            throw new InvalidOperationException("This turn is already being decoded; a turn is decoded once.");
        }

        IsDecoding = true;
    }

    /// <summary>Notes the time of the first streamed token.</summary>
    internal void TokenStreamed() => FirstTokenMilliseconds ??= Stopwatch.GetElapsedTime(StartedTimestamp).TotalMilliseconds;

    /// <summary>Hands FastV's first-turn selection to the conversation, which keeps it from now on.</summary>
    internal RetrievalSelection? TakeFixedSelection()
    {
        var selection = _fixedSelection;
        _fixedSelection = null;
        return selection;
    }

    /// <summary>The answer is kept: the caches are of no more use.</summary>
    internal void Answered()
    {
        IsAnswered = true;
        Release();
    }

    public void Dispose()
    {
        if (!_released && !IsAnswered)
        {
            _owner.Withdraw(this);
        }

        Release();
    }

    private void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        Cache.Dispose();
        FirstLogits.Dispose();
        _fixedSelection?.Dispose();
    }
}
