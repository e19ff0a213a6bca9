using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SparseVila.Engine.Storage;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>
/// A corrupt KV segment through HTTP (DESIGN §5, §8): a question that meets it is refused with the video's 409 naming the
/// segment, the video indexes again on its own, the segment is replaced, and the same conversation's next question is answered.
/// </summary>
public sealed class CorruptCacheTests(TestAssets assets) : FreshGatewayTest(assets)
{
    /// <summary>The filesystem store's header in front of every blob file (Grains/Storage/BlobFileHeader.cs).</summary>
    private const int BlobHeaderBytes = 32;

    [Fact]
    public async Task Ask_OverAFlippedSegmentByte_Is409AndTheVideoIndexesAgainAndTheNextAskIsAnswered()
    {
        var video = await UploadIndexedAsync(Client, Assets.VideoPath);
        var conversation = await StartConversationAsync(Client, video);
        var segment = Assert.Single(StoredFiles(Gateway, "local/kv"), f => Path.GetFileName(f) == "seg-00000.kv");
        var original = await File.ReadAllBytesAsync(segment, Cancel);
        var corrupt = original.ToArray();
        corrupt[BlobHeaderBytes + ((corrupt.Length - BlobHeaderBytes) / 2)] ^= 0x01;
        await File.WriteAllBytesAsync(segment, corrupt, Cancel);

        using var refused = await AskAsync(Client, conversation, new { question = "what color is the circle at second 2?", maxNewTokens = 4 });

        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("Video not indexed", problem.GetProperty("title").GetString());
        Assert.Equal(video, problem.GetProperty("videoId").GetString());
        Assert.Equal("indexing", problem.GetProperty("videoStatus").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("seg-00000.kv", detail, StringComparison.Ordinal);
        Assert.Contains("ChecksumMismatch", detail, StringComparison.Ordinal);

        // FollowAsync ends at indexed or failed, within ApiCalls.IndexingTimeout.
        Assert.Equal("indexed", (await FollowAsync(Client, video))[^1].GetProperty("status").GetString());
        var rebuilt = await File.ReadAllBytesAsync(segment, Cancel);
        Assert.NotEqual(corrupt, rebuilt);
        using (var content = new MemoryStream(rebuilt[BlobHeaderBytes..]))
        {
            var verified = await KvSegmentVerifier.VerifyAsync(content, "seg-00000.kv", Cancel);
            Assert.Equal(rebuilt.Length - BlobHeaderBytes, verified.LengthBytes);
        }

        using var answered = await AskAsync(Client, conversation, new { question = "what color is the circle at second 2?", maxNewTokens = 4 });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Cancel));
        var history = await Client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Cancel);
        Assert.Single(history.GetProperty("turns").EnumerateArray());
    }
}
