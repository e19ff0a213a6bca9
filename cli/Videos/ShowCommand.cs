using System.CommandLine;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Videos;

/// <summary><c>show ID [--json]</c>: one video, a field a line.</summary>
public static class ShowCommand
{
    public static Command Create(CliEnvironment environment, ConnectionOptions connection)
    {
        var id = new Argument<string>("ID") { Description = "The video" };
        var json = new Option<bool>("--json") { Description = "Print the video's JSON as the Gateway sends it" };
        var command = new Command("show", "Show a video: status, indexing progress, error, duration, size") { id, json };
        CommandRunner.SetAction(command, environment, connection, async (session, parse, cancellationToken) =>
        {
            var videoId = parse.GetValue(id)!;
            if (parse.GetValue(json))
            {
                session.Console.WriteLine(await session.Api.GetRawJsonAsync(ApiClient.VideoPath(videoId), cancellationToken).ConfigureAwait(false));
                return ExitCodes.Success;
            }

            var video = await session.Api.GetVideoAsync(videoId, cancellationToken).ConfigureAwait(false);
            var frames = video.Progress is { FramesTotal: > 0 } p ? $" ({Units.Number(p.FramesDone)}/{Units.Number(p.FramesTotal)} frames)" : string.Empty;
            Field(session.Console, "id", video.Id);
            Field(session.Console, "name", video.Name);
            Field(session.Console, "status", video.Status);
            Field(session.Console, "progress", VideoRows.Progress(video) + frames);
            if (video.Error is { } error)
            {
                Field(session.Console, "error", error);
            }

            Field(session.Console, "duration", video.DurationSeconds is { } seconds ? Units.Seconds(seconds) : "-");
            Field(session.Console, "size", $"{Units.Bytes(video.SizeBytes)} ({Units.Number(video.SizeBytes)} bytes)");
            Field(session.Console, "created", video.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Field(CliConsole console, string name, string value) =>
        console.WriteLine($"{name}: {value}", $"[grey]{name}:[/] {Spectre.Console.Markup.Escape(value)}");
}
