using System.CommandLine;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Videos;

/// <summary><c>wait ID... [--timeout SECONDS]</c>: follows videos until they are indexed or failed.</summary>
public static class WaitCommand
{
    public static Command Create(CliEnvironment environment, ConnectionOptions connection)
    {
        var ids = new Argument<string[]>("ID") { Description = "The videos to wait for", Arity = ArgumentArity.OneOrMore };
        var timeout = TimeoutOption.Create("Give up after this many seconds (exit code 7) [default: no limit]");
        var command = new Command("wait", "Wait until videos are indexed (progress bars); exit 0 when all are, 4 when one failed")
        {
            ids, timeout,
        };
        CommandRunner.SetAction(command, environment, connection, async (session, parse, cancellationToken) =>
        {
            using var deadline = new Deadline(parse.GetValue(timeout), cancellationToken);
            var wanted = parse.GetValue(ids)!.Distinct(StringComparer.Ordinal).ToList();
            var outcomes = await ProgressBoards.RunAsync(session.Console, hideCompleted: wanted.Count > 10, board =>
                Task.WhenAll(wanted.Select(id => VideoFollower.FollowAsync(session.Api, id, id, board.Add(id), deadline)))).ConfigureAwait(false);
            OutcomeTable.Write(session.Console, outcomes);
            return VideoOutcome.ExitCodeOf(outcomes);
        });
        return command;
    }
}
