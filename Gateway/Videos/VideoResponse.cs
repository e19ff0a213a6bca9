using SparseVila.Contracts.Videos;

namespace SparseVila.Gateway.Videos;

/// <summary>A video as the API shows it (docs/api.md).</summary>
public sealed record VideoResponse(
    string Id, string Name, string Status, ProgressResponse Progress, string? Error, double? DurationSeconds, long SizeBytes,
    DateTimeOffset CreatedAt, VideoLinks Links)
{
    public static VideoResponse From(VideoInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(
            info.Id, info.Name, StatusName(info.Status),
            new ProgressResponse(info.Progress.Fraction, info.Progress.FramesDone, info.Progress.FramesTotal),
            info.Error, info.DurationSeconds, info.SizeBytes, info.UploadedAt, VideoLinks.For(info.Id));
    }

    /// <summary>The status as the API spells it: <c>uploaded | indexing | indexed | failed</c>.</summary>
    public static string StatusName(VideoStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>How far indexing has gone.</summary>
public sealed record ProgressResponse(double Fraction, int FramesDone, int FramesTotal);

/// <summary>Where a video's related resources are.</summary>
public sealed record VideoLinks(string Self, string Events, string Frame, string Content)
{
    public static VideoLinks For(string id)
    {
        var self = $"/api/videos/{id}";
        return new(self, $"{self}/events", $"{self}/frame", $"{self}/content");
    }
}

/// <summary>A page of videos, newest first; <see cref="Next"/> is the cursor of the next page (<c>?after=</c>).</summary>
public sealed record VideoPageResponse(IReadOnlyList<VideoResponse> Items, string? Next);
