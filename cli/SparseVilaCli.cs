using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Conversations;
using SparseVila.Cli.Uploads;
using SparseVila.Cli.Videos;

namespace SparseVila.Cli;

/// <summary>The <c>sparsevila</c> command line: its commands, and a run that returns the exit code (<see cref="ExitCodes"/>).</summary>
public static class SparseVilaCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command against <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var parse = CreateRoot(environment).Parse(args);
        // Help asked for wins over errors (`upload --help` lacks its PATH, yet is no usage error).
        var usageError = parse.Action is ParseErrorAction;
        if (parse.Action is ParseErrorAction errors)
        {
            // The error alone, and where to read more: a page of help after every typo buries the error.
            errors.ShowHelp = false;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out.Profile.Out.Writer,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = environment.ProcessTerminationTimeout,
        };
        var code = await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (!usageError)
        {
            return code;
        }

        // System.CommandLine reports a parse error as 1; scripts are promised 2.
        await environment.Error.WriteLineAsync($"Run '{Usage(parse.CommandResult.Command)}' for usage.".AsMemory(), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    private static string Usage(Command command) => command is RootCommand ? "sparsevila --help" : $"sparsevila {command.Name} --help";

    /// <summary>The root command with every subcommand and the connection options.</summary>
    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand("The SparseVila Gateway from the command line: upload videos, folders and archives, wait for indexing, ask questions.")
        {
            connection.Url,
            connection.ApiKey,
            UploadCommand.Create(environment, connection),
            WaitCommand.Create(environment, connection),
            ListCommand.Create(environment, connection),
            ShowCommand.Create(environment, connection),
            DeleteCommand.Create(environment, connection),
            AskCommand.Create(environment, connection),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelpAction((HelpAction)help.Action!);
        return root;
    }
}
