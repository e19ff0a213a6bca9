using SparseVila.Cli.Http;

namespace SparseVila.Cli.Videos;

/// <summary>A row of a command's results: a video (or a file or entry that did not become one) and the exit code it means.</summary>
public sealed record VideoOutcome(string Id, string Name, string Status, string Detail, int ExitCode)
{
    /// <summary>The columns of <see cref="Cells"/>.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["id", "name", "status", "detail"];

    /// <summary>The table cells: id, name, status, detail.</summary>
    public IReadOnlyList<string> Cells => [Id, Name, Status, Detail];

    /// <summary>A video where it stands: failed is exit code 4, anything else success.</summary>
    public static VideoOutcome Of(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        var failed = video.Status == VideoStatuses.Failed;
        return new(video.Id, video.Name, video.Status, video.Error ?? string.Empty, failed ? ExitCodes.Refused : ExitCodes.Success);
    }

    /// <summary>The exit code of all <paramref name="outcomes"/> together.</summary>
    public static int ExitCodeOf(IEnumerable<VideoOutcome> outcomes) => outcomes.Aggregate(ExitCodes.Success, (code, o) => ExitCodes.Combine(code, o.ExitCode));
}
