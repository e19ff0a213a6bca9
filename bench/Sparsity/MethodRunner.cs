using SparseVila.Engine;
using SparseVila.Engine.Sparse;

namespace SparseVila.Bench.Sparsity;

/// <summary>Builds one method's visual context from the video and holds the conversation over it.</summary>
public static class MethodRunner
{
    /// <summary>Runs <paramref name="method"/> over <paramref name="videoPath"/>, answering every question of <paramref name="settings"/>.</summary>
    public static async Task<MethodResult> RunAsync(
        VideoLanguageModel vlm, string videoPath, SparsityMethod method, SparsitySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vlm);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(settings);
        using var context = await new VisualContextBuilder(vlm).BuildAsync(videoPath, method.Context, cancellationToken).ConfigureAwait(false);
        var stats = context.Stats;
        Console.WriteLine($"  {method.Name}: {stats.Frames} frames, {stats.VisualTokensKept} of {stats.VisualTokensBeforePruning} visual tokens kept; "
            + $"encode {stats.EncodeMilliseconds / 1000:F1} s, prefill {stats.PrefillMilliseconds / 1000:F1} s");

        UnreachableTensors.Free();                                                                    // between the build and the first turn: untimed
        using var conversation = new Conversation(vlm, context, method.Retrieval);
        var options = new AskOptions { MaxNewTokens = settings.MaxNewTokens };
        var answers = new List<Answer>();
        foreach (var question in settings.Questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = conversation.Ask(question, options, answers.Add).Count();                              // drains the token stream

            var turn = answers[^1].Stats;
            Console.WriteLine($"    turn {answers.Count}: ttft {turn.TimeToFirstTokenMilliseconds:F0} ms, "
                + $"{turn.GeneratedTokens} tokens at {turn.DecodeTokensPerSecond:F1} tokens/s");
        }

        var turns = answers.Select(a => new TurnResult(a.Stats.PrefillMilliseconds, a.Stats.TimeToFirstTokenMilliseconds, a.Stats.DecodeMilliseconds,
            a.Stats.GeneratedTokens, a.Stats.DecodeTokensPerSecond, a.FinishReason.ToString())).ToList();
        var conversationMilliseconds = turns.Sum(t => t.TimeToFirstTokenMilliseconds + t.DecodeMilliseconds);
        return new MethodResult(
            method.Name,
            method.Context.KeepRatio,
            method.Retrieval.Method.ToString(),
            stats.Frames,
            stats.VisualTokensKept,
            answers[0].Stats.RetrievedTokens,
            context.Bytes,
            stats.EncodeMilliseconds,
            stats.PrefillMilliseconds,
            turns.Average(t => t.TimeToFirstTokenMilliseconds),
            turns.Average(t => t.DecodeTokensPerSecond),
            stats.PrefillMilliseconds + conversationMilliseconds,
            turns);
    }
}
