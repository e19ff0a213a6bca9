using Spectre.Console;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Tests;

/// <summary>What a command printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>sparsevila</c> in-process against a given HttpClient, capturing standard output and error.</summary>
internal static class CliHarness
{
    /// <summary>Retries at once, so busy tests do not sleep.</summary>
    public static BusyRetryPolicy QuickRetries { get; } = new(3, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

    public static async Task<CliResult> RunAsync(HttpClient http, params string[] args) =>
        await RunAsync(http, new Dictionary<string, string?>(), interactive: false, args);

    public static async Task<CliResult> RunAsync(HttpClient http, IReadOnlyDictionary<string, string?> variables, bool interactive, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var support = interactive ? AnsiSupport.Yes : AnsiSupport.No;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = support,
            ColorSystem = interactive ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var environment = new CliEnvironment(console, error, http, name => variables.GetValueOrDefault(name)) { Busy = QuickRetries };
        var code = await SparseVilaCli.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
