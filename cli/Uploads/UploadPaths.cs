namespace SparseVila.Cli.Uploads;

/// <summary>
/// Expands the paths named on the command line into files to upload: a folder gives every video inside it, recursively
/// (by extension, hidden files left out, in path order), each named by its path relative to the folder; a file is an
/// archive or a video by its extension, and a file of another extension is sent as a video all the same (it was named,
/// so the Gateway judges it). A file named twice is uploaded once.
/// </summary>
public static class UploadPaths
{
    /// <summary>The files to upload, and a note for each folder that holds no video.</summary>
    public static UploadPlan Expand(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var items = new List<UploadItem>();
        var notes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = FolderVideos(path).Where(item => seen.Add(Path.GetFullPath(item.Path))).ToList();
                if (found.Count == 0)
                {
                    notes.Add($"{path}: no video files ({string.Join(", ", MediaTypes.VideoExtensions.Order(StringComparer.Ordinal))})");
                }

                items.AddRange(found);
            }
            else if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    items.Add(ForFile(path));
                }
            }
            else
            {
                throw new FileNotFoundException($"No such file or folder: {path}", path);
            }
        }

        return new UploadPlan(items, notes);
    }

    /// <summary>A file named on the command line.</summary>
    public static UploadItem ForFile(string path)
    {
        var name = Path.GetFileName(path);
        return MediaTypes.ForArchive(path) is { } archiveType
            ? new UploadItem(path, name, UploadKind.Archive, archiveType)
            : new UploadItem(path, name, UploadKind.Video, MediaTypes.ForVideo(path));
    }

    private static IEnumerable<UploadItem> FolderVideos(string folder)
    {
        // Hidden and system files are skipped (the default); unreadable folders too rather than failing the whole upload.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(folder, "*", options)
            .Select(path => (path, mediaType: MediaTypes.ForVideo(path)))
            .Where(file => file.mediaType is not null)
            .Select(file => new UploadItem(file.path, RelativeName(folder, file.path), UploadKind.Video, file.mediaType))
            .OrderBy(item => item.Name, StringComparer.Ordinal);
    }

    /// <summary>The path of a file inside a folder, with <c>/</c> between its parts whatever the platform.</summary>
    private static string RelativeName(string folder, string path) =>
        Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
}

/// <summary>The files to upload, in order, and notes about paths that gave none.</summary>
public sealed record UploadPlan(IReadOnlyList<UploadItem> Items, IReadOnlyList<string> Notes);
