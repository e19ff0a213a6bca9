using Spectre.Console;

namespace SparseVila.Cli.Output;

/// <summary>Runs work with a progress board suited to the console: live Spectre bars, or plain notes on standard error.</summary>
public static class ProgressBoards
{
    /// <summary>Runs <paramref name="work"/>; <paramref name="hideCompleted"/> drops finished lines from a live board (for long runs).</summary>
    public static Task<T> RunAsync<T>(CliConsole console, bool hideCompleted, Func<IProgressBoard, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.Interactive)
        {
            return work(new PlainProgressBoard(console));
        }

        return console.Ansi.Progress()
            .AutoClear(false)
            .HideCompleted(hideCompleted)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => work(new SpectreProgressBoard(context)));
    }
}
