namespace SparseVila.Cli.Uploads;

/// <summary>Which files are videos and archives, by extension, and the media type each is sent with.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, string> Videos = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/x-m4v",
        [".webm"] = "video/webm",
        [".mkv"] = "video/x-matroska",
        [".mov"] = "video/quicktime",
        [".avi"] = "video/x-msvideo",
    };

    // Longest first: ".tar.gz" before ".gz" would matter if plain .gz were ever accepted.
    private static readonly (string Extension, string MediaType)[] Archives =
    [
        (".tar.gz", "application/gzip"),
        (".tgz", "application/gzip"),
        (".tar", "application/x-tar"),
        (".zip", "application/zip"),
    ];

    /// <summary>The video extensions a folder is searched for.</summary>
    public static IReadOnlyCollection<string> VideoExtensions => Videos.Keys;

    /// <summary>The media type of a video file, or null when its extension is not a video's.</summary>
    public static string? ForVideo(string path) => Videos.GetValueOrDefault(Path.GetExtension(path));

    /// <summary>The media type of an archive, or null when its name does not end like one.</summary>
    public static string? ForArchive(string path)
    {
        foreach (var (extension, mediaType) in Archives)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return mediaType;
            }
        }

        return null;
    }
}
