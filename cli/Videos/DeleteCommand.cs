using System.CommandLine;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Videos;

/// <summary><c>delete ID...</c>: deletes videos (their bytes, state and unshared cache); an unknown id is exit code 3.</summary>
public static class DeleteCommand
{
    public static Command Create(CliEnvironment environment, ConnectionOptions connection)
    {
        var ids = new Argument<string[]>("ID") { Description = "The videos to delete", Arity = ArgumentArity.OneOrMore };
        var command = new Command("delete", "Delete videos: their bytes, state and (unless shared) their visual cache") { ids };
        CommandRunner.SetAction(command, environment, connection, async (session, parse, cancellationToken) =>
        {
            var code = ExitCodes.Success;
            foreach (var id in parse.GetValue(ids)!.Distinct(StringComparer.Ordinal))
            {
                try
                {
                    await session.Api.DeleteVideoAsync(id, cancellationToken).ConfigureAwait(false);
                    session.Console.WriteLine($"deleted {id}");
                }
                catch (ApiException e) when (e.ExitCode == ExitCodes.NotFound)
                {
                    session.Console.WriteError($"{id}: {e.Describe()}");
                    code = ExitCodes.Combine(code, e.ExitCode);
                }
            }

            return code;
        });
        return command;
    }
}
