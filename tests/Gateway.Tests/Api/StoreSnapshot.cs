using System.Security.Cryptography;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>
/// Everything a Gateway has stored: every file of its data folder (relative path, length and SHA-256: uploads, visual
/// caches, grain state, archive reports) and what the API reports of tenant A's catalog, video and conversation and of
/// tenant B's catalog. Two snapshots are equal when nothing stored was lost, changed or added.
/// </summary>
public sealed record StoreSnapshot(IReadOnlyList<string> Files, string VideosOfA, string VideoOfA, string ConversationOfA, string VideosOfB)
{
    /// <summary>Takes the snapshot of <paramref name="store"/>.</summary>
    public static async Task<StoreSnapshot> TakeAsync(BadInputGateway store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new StoreSnapshot(
            await FilesAsync(store.Gateway.EffectiveDataPath),
            await store.A.GetStringAsync(new Uri("/api/videos", UriKind.Relative), Cancel),
            await store.A.GetStringAsync(new Uri($"/api/videos/{store.VideoId}", UriKind.Relative), Cancel),
            await store.A.GetStringAsync(new Uri($"/api/conversations/{store.ConversationId}", UriKind.Relative), Cancel),
            await store.B.GetStringAsync(new Uri("/api/videos", UriKind.Relative), Cancel));
    }

    /// <summary>Asserts that <paramref name="after"/> is this snapshot, part by part (so a failure says which part changed).</summary>
    public void AssertUnchanged(StoreSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(after);
        Assert.Equal(Files, after.Files);
        Assert.Equal(VideosOfA, after.VideosOfA);
        Assert.Equal(VideoOfA, after.VideoOfA);
        Assert.Equal(ConversationOfA, after.ConversationOfA);
        Assert.Equal(VideosOfB, after.VideosOfB);
    }

    /// <summary>"path length sha256" of every file under <paramref name="root"/>, in ordinal order of path.</summary>
    private static async Task<IReadOnlyList<string>> FilesAsync(string root)
    {
        var lines = new List<string>();
        foreach (var path in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = File.OpenRead(path);
            await using (file)
            {
                var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, Cancel));
                lines.Add($"{Path.GetRelativePath(root, path)} {file.Length} {hash}");
            }
        }

        return lines;
    }
}
