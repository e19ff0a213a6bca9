using SparseVila.Engine.Generation;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

public sealed partial class Conversation
{
    /// <summary>As <see cref="Replay(IReadOnlyList{ReplayedTurn}, AskOptions)"/> with the default <see cref="AskOptions"/>.</summary>
    public void Replay(IReadOnlyList<ReplayedTurn> turns) => Replay(turns, new AskOptions());

    /// <summary>
    /// Restores the history of a conversation on this fresh one (e.g. after the silo that held it died).
    /// Each past turn is prepared as <see cref="Prepare"/> does (retrieval included, with
    /// <paramref name="options"/>' prefill chunking and evidence frames), its answer's ids are fed through the
    /// compact cache in one prefill, without sampling, and the answer is kept as <see cref="Ask"/> keeps
    /// it. Afterwards <see cref="Turns"/> holds the replayed answers and the next question is answered as
    /// the original conversation would have answered it. Throws <see cref="InvalidOperationException"/>
    /// when this conversation has turns already, and <see cref="ArgumentException"/> for a turn whose ids
    /// could not have been generated as recorded (it ends early, or not for its reason); the conversation
    /// is then partly restored: discard it.
    /// </summary>
    public void Replay(IReadOnlyList<ReplayedTurn> turns, AskOptions options)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(options);
        if (_turns.Count > 0 || _history.LengthTokens > 0 || _inFlight is not null)
        {
            throw new InvalidOperationException("Only a fresh conversation can replay past turns.");
        }

        foreach (var turn in turns)
        {
            ArgumentNullException.ThrowIfNull(turn);
            var result = Regenerated(turn);
            using var prepared = Prepare(turn.Question, options with { MaxNewTokens = Math.Max(1, turn.AnswerTokenIds.Count) });
            prepared.BeginDecoding();

            // What decoding fed through the cache: every answer token but the last, which was sampled and
            // never fed, unless the model ended the answer after it.
            var fed = turn.FinishReason == FinishReason.EndOfSequence ? turn.AnswerTokenIds : turn.AnswerTokenIds.Take(turn.AnswerTokenIds.Count - 1).ToList();
            if (fed.Count > 0)
            {
                using var logits = PrefillTokens([.. fed.Select(id => (long)id)], prepared.Cache, options);          // (V,), unused
            }

            Complete(prepared, result);
        }
    }

    /// <summary>The generation result <paramref name="turn"/>'s ids give when streamed as decoding streamed them.</summary>
    private GenerationResult Regenerated(ReplayedTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn.AnswerTokenIds, nameof(turn));
        var ids = turn.AnswerTokenIds;
        var limitTokens = turn.FinishReason == FinishReason.Length ? ids.Count : ids.Count + 1;
        using var stream = new GenerationStream(_vlm.Tokenizer, new SamplingOptions { MaxNewTokens = Math.Max(1, limitTokens), StopStrings = _vlm.Template.StopStrings });
        foreach (var id in ids)
        {
            if (stream.IsFinished)
            {
                throw new ArgumentException($"The answer to '{turn.Question}' ends ({stream.Result.FinishReason}) before its last token.", nameof(turn));
            }

            stream.Accept(id);
        }

        if (turn.FinishReason == FinishReason.EndOfSequence && !stream.IsFinished && _vlm.Tokenizer.EosTokenIds.Count > 0)
        {
            stream.Accept(_vlm.Tokenizer.EosTokenIds[0]);
        }

        if (!stream.IsFinished || stream.Result.FinishReason != turn.FinishReason)
        {
            throw new ArgumentException($"The answer to '{turn.Question}' does not end by {turn.FinishReason} as recorded.", nameof(turn));
        }

        return stream.Result;
    }
}
