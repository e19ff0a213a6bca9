using Spectre.Console;
using SparseVila.Cli.Http;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Conversations;

/// <summary>
/// Prints what follows an answer's text: each piece of evidence (<c>evidence: VIDEO at 12.50 s (score 0.412)</c>), the
/// stats line, and <c>conversation: ID</c> for a script to continue with. The same lines on a terminal, coloured.
/// </summary>
public static class AnswerPrinter
{
    public static void WriteEvidenceAndStats(CliConsole console, AnswerResult answer)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(answer);
        foreach (var evidence in answer.Evidence)
        {
            var at = Units.Seconds(evidence.TimestampSeconds);
            var score = Units.Number(evidence.Score, "0.000");
            console.WriteLine(
                $"evidence: {evidence.VideoId} at {at} (score {score})",
                $"[grey]evidence:[/] {Markup.Escape(evidence.VideoId)} at [yellow]{at}[/] [grey](score {score})[/]");
        }

        var stats = answer.Stats;
        var line = $"stats: {Units.Number(stats.VisualTokens)} visual tokens, {Units.Number(stats.RetrievedTokens)} retrieved, "
            + $"prefill {Units.Number(stats.PrefillMs, "0.0")} ms, {Units.Number(stats.GeneratedTokens)} tokens at {Units.Number(stats.DecodeTokensPerSecond, "0.0")} tokens/s";
        console.WriteLine(line, $"[grey]{Markup.Escape(line)}[/]");
    }

    public static void WriteConversation(CliConsole console, string conversationId)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine($"conversation: {conversationId}", $"[grey]conversation:[/] {Markup.Escape(conversationId)}");
    }
}
