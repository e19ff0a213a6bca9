namespace SparseVila.Gateway.Archives;

/// <summary>
/// Whether an archive entry's path stays inside the archive. Entries are never written to disk by their path (they are
/// spooled to random names and stored under new ids); the path is only a name. Still, an archive with a path that
/// escapes is hostile or broken, and its entry is skipped and reported rather than imported under a misleading name.
/// </summary>
public static class ArchiveEntryNames
{
    /// <summary>The reason given for an entry whose path leaves the archive.</summary>
    public const string EscapesReason = "the path leaves the archive";

    /// <summary>Null when <paramref name="path"/> is a relative path inside the archive, else why not.</summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return "the entry has no name";
        }

        if (path.Any(char.IsControl))
        {
            return "the name holds control characters";
        }

        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':'))
        {
            return EscapesReason;
        }

        return normalized.Split('/').Any(segment => segment == "..") ? EscapesReason : null;
    }

    /// <summary>The entry's name as the video's name: forward slashes, no leading <c>./</c>.</summary>
    public static string DisplayName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        return name;
    }
}
