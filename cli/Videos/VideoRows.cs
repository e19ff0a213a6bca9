using SparseVila.Cli.Http;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Videos;

/// <summary>A video as a row of <c>list</c>: id, name, status, progress, duration, size, created.</summary>
public static class VideoRows
{
    public static IReadOnlyList<string> Columns { get; } = ["id", "name", "status", "progress", "duration", "size", "created"];

    public static IReadOnlyList<string> Cells(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return
        [
            video.Id, video.Name, video.Status, Progress(video), video.DurationSeconds is { } seconds ? Units.Seconds(seconds) : "-",
            Units.Bytes(video.SizeBytes), video.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
        ];
    }

    /// <summary><c>42%</c> while indexing, <c>100%</c> once indexed, <c>-</c> otherwise.</summary>
    public static string Progress(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return video.Status switch
        {
            VideoStatuses.Indexed => "100%",
            VideoStatuses.Indexing => Units.Number((video.Progress?.Fraction ?? 0) * 100, "0") + "%",
            _ => "-",
        };
    }
}
