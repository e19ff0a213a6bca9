using Spectre.Console;

namespace SparseVila.Cli.Output;

/// <summary>
/// Where a command writes. Results go to standard output: as Spectre tables and colour on a terminal, as plain
/// tab-separated lines when output is redirected (Spectre's profile says which), so scripts can parse them. Progress
/// and notes go to standard error when output is plain; errors always do.
/// </summary>
public sealed class CliConsole(IAnsiConsole console, TextWriter error)
{
    private readonly Lock _gate = new();

    /// <summary>The Spectre console of standard output.</summary>
    public IAnsiConsole Ansi => console;

    /// <summary>Whether output is a terminal that live progress bars and colour can be drawn on.</summary>
    public bool Interactive => console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;

    /// <summary>Standard error.</summary>
    public TextWriter Error => error;

    /// <summary>Writes text to standard output as it is: no markup, no wrapping.</summary>
    public void Write(string text)
    {
        lock (_gate)
        {
            var writer = console.Profile.Out.Writer;
            writer.Write(text);
            writer.Flush();
        }
    }

    /// <summary>A line of plain text on standard output.</summary>
    public void WriteLine(string text) => Write(text + "\n");

    /// <summary>A line on standard output: <paramref name="markup"/> on a terminal, <paramref name="plain"/> otherwise.</summary>
    public void WriteLine(string plain, string markup)
    {
        if (Interactive)
        {
            console.MarkupLine(markup);
        }
        else
        {
            WriteLine(plain);
        }
    }

    /// <summary>A line for a person watching (progress, notes): standard error, so results stay parseable.</summary>
    public void Note(string text)
    {
        lock (_gate)
        {
            error.WriteLine(text);
            error.Flush();
        }
    }

    /// <summary>An error: <c>error: …</c> on standard error.</summary>
    public void WriteError(string message) => Note($"error: {message}");

    /// <summary>A table: a bordered Spectre table on a terminal; one tab-separated line a row, no header, otherwise.</summary>
    public void WriteTable(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (!Interactive)
        {
            foreach (var row in rows)
            {
                // Tabs and newlines inside a cell would break the columns.
                WriteLine(string.Join('\t', row.Select(cell => cell.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' '))));
            }

            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        foreach (var column in columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => new Markup(Markup.Escape(cell)))]);
        }

        console.Write(table);
    }
}
