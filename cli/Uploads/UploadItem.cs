namespace SparseVila.Cli.Uploads;

/// <summary>What a file is uploaded as.</summary>
public enum UploadKind
{
    /// <summary>A video: <c>POST /api/videos</c>.</summary>
    Video,

    /// <summary>A tar, tar.gz or zip of videos: <c>POST /api/archives</c>.</summary>
    Archive,
}

/// <summary>
/// One file to upload: its path, the name the Gateway gives it, what it is, and its media type (null for a file named
/// on the command line whose extension is not a video's: it is sent as a multipart file and the Gateway decides).
/// </summary>
public sealed record UploadItem(string Path, string Name, UploadKind Kind, string? MediaType)
{
    /// <summary>The file's size now.</summary>
    public long LengthBytes => new FileInfo(Path).Length;
}
