using System.CommandLine;
using System.Text.Json;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Videos;

/// <summary><c>list [--limit N] [--json]</c>: the tenant's videos, newest first, every page.</summary>
public static class ListCommand
{
    /// <summary>The Gateway's largest page.</summary>
    private const int PageSize = 200;

    public static Command Create(CliEnvironment environment, ConnectionOptions connection)
    {
        var limit = new Option<int?>("--limit")
        {
            Description = "List at most N videos [default: all]", HelpName = "N", CustomParser = NumberParsers.OptionalWholeNumber("--limit", 1),
        };
        var json = new Option<bool>("--json") { Description = "Print the videos as a JSON array, as the Gateway sends them" };
        var command = new Command("list", "List your videos, newest first: id, name, status, progress, duration, size, created") { limit, json };
        CommandRunner.SetAction(command, environment, connection, async (session, parse, cancellationToken) =>
        {
            var most = parse.GetValue(limit) ?? int.MaxValue;
            if (parse.GetValue(json))
            {
                session.Console.WriteLine(await ListJsonAsync(session.Api, most, cancellationToken).ConfigureAwait(false));
                return ExitCodes.Success;
            }

            var videos = new List<Video>();
            string? after = null;
            do
            {
                var page = await session.Api.ListVideosAsync(Math.Min(PageSize, most - videos.Count), after, cancellationToken).ConfigureAwait(false);
                videos.AddRange(page.Items);
                after = page.Next;
            }
            while (after is not null && videos.Count < most);
            session.Console.WriteTable(VideoRows.Columns, videos.Select(VideoRows.Cells));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The items of every page joined into one JSON array, each as the Gateway wrote it.</summary>
    private static async Task<string> ListJsonAsync(ApiClient api, int most, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        string? after = null;
        do
        {
            var body = await api.GetRawJsonAsync(ApiClient.VideoListPath(Math.Min(PageSize, most - items.Count), after), cancellationToken).ConfigureAwait(false);
            using var page = JsonDocument.Parse(body);
            items.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetRawText()));
            after = page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null && items.Count < most);
        return $"[{string.Join(',', items)}]";
    }
}
