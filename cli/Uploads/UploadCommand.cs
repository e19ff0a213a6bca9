using System.CommandLine;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Videos;

namespace SparseVila.Cli.Uploads;

/// <summary><c>upload PATH... [--no-index] [--wait] [--parallel N] [--timeout SECONDS]</c>.</summary>
public static class UploadCommand
{
    public const int DefaultParallel = 2;
    public const int MaxParallel = 16;

    public static Command Create(CliEnvironment environment, ConnectionOptions connection)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Videos, folders (every video inside, recursively: .mp4 .webm .mkv .mov .avi .m4v) and archives (.tar .tar.gz .tgz .zip)",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(result =>
        {
            foreach (var path in result.Tokens.Select(t => t.Value).Where(p => !File.Exists(p) && !Directory.Exists(p)))
            {
                result.AddError($"No such file or folder: {path}");
            }
        });
        var noIndex = new Option<bool>("--no-index") { Description = "Upload only; do not start indexing" };
        var wait = new Option<bool>("--wait") { Description = "After uploading, wait until every video is indexed (progress bars)" };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Files uploaded at once", DefaultValueFactory = _ => DefaultParallel, HelpName = "N",
            CustomParser = NumberParsers.WholeNumber("--parallel", 1, MaxParallel),
        };
        var timeout = TimeoutOption.Create("Give up after this many seconds (exit code 7) [default: no limit]");
        var command = new Command("upload", "Upload videos, folders of videos and archives; print a table of the videos (id, name, status)")
        {
            paths, noIndex, wait, parallel, timeout,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(noIndex) && result.GetValue(wait))
            {
                result.AddError("--wait has nothing to wait for with --no-index.");
            }
        });
        CommandRunner.SetAction(command, environment, connection, async (session, parse, cancellationToken) =>
        {
            var plan = UploadPaths.Expand(parse.GetValue(paths)!);
            foreach (var note in plan.Notes)
            {
                session.Console.Note(note);
            }

            if (plan.Items.Count == 0)
            {
                throw new UsageException("Nothing to upload.");
            }

            var settings = new UploadSettings(!parse.GetValue(noIndex), parse.GetValue(wait), parse.GetValue(parallel), parse.GetValue(timeout));
            var outcomes = await new Uploader(session, settings).RunAsync(plan.Items, cancellationToken).ConfigureAwait(false);
            OutcomeTable.Write(session.Console, outcomes);
            return VideoOutcome.ExitCodeOf(outcomes);
        });
        return command;
    }
}
