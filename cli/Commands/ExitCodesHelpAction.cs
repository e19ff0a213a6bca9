using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;

namespace SparseVila.Cli.Commands;

/// <summary>The standard help, followed by the exit codes every command uses.</summary>
internal sealed class ExitCodesHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var result = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Meanings)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {code}  {meaning}"));
        }

        output.WriteLine();
        return result;
    }
}
