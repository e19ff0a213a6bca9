using SparseVila.Cli.Output;

namespace SparseVila.Cli.Videos;

/// <summary>Prints outcomes as a table (id, name, status, detail) and each one that went wrong as an error line.</summary>
public static class OutcomeTable
{
    public static void Write(CliConsole console, IReadOnlyList<VideoOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcomes);
        console.WriteTable(VideoOutcome.Columns, outcomes.Select(o => o.Cells));
        foreach (var outcome in outcomes.Where(o => o.ExitCode != ExitCodes.Success))
        {
            console.WriteError($"{outcome.Name}: {outcome.Status}{(outcome.Detail.Length > 0 ? $": {outcome.Detail}" : string.Empty)}");
        }
    }
}
