using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>The API calls tests make again and again.</summary>
internal static class ApiCalls
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>How long a test waits for a short video to be indexed.</summary>
    public static TimeSpan IndexingTimeout { get; } = TimeSpan.FromMinutes(3);

    /// <summary>Uploads <paramref name="path"/> as the raw body; asserts 202 and returns the body.</summary>
    public static async Task<JsonElement> UploadAsync(HttpClient client, string path, string query = "")
    {
        using var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var response = await client.PostAsync(new Uri($"/api/videos{query}", UriKind.Relative), content, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    /// <summary>Follows the video's events until it is indexed or failed; returns every event's video.</summary>
    public static async Task<List<JsonElement>> FollowAsync(HttpClient client, string videoId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(IndexingTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{videoId}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var videos = new List<JsonElement>();
        await foreach (var e in ServerSentEvent.ReadAsync(response).WithCancellation(timeout.Token))
        {
            Assert.Equal("video", e.Name);
            videos.Add(JsonDocument.Parse(e.Data).RootElement.Clone());
        }

        return videos;
    }

    /// <summary>Uploads <paramref name="path"/> and waits until it is indexed; returns its id.</summary>
    public static async Task<string> UploadIndexedAsync(HttpClient client, string path)
    {
        var id = (await UploadAsync(client, path)).GetProperty("id").GetString()!;
        var last = (await FollowAsync(client, id))[^1];
        Assert.True(last.GetProperty("status").GetString() == "indexed", last.ToString());
        return id;
    }

    /// <summary>Starts a conversation over <paramref name="videoIds"/>; asserts 201 and returns its id.</summary>
    public static async Task<string> StartConversationAsync(HttpClient client, params string[] videoIds)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/conversations", UriKind.Relative), new { videoIds }, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    /// <summary>Asks with <c>Accept: application/json</c>.</summary>
    public static async Task<HttpResponseMessage> AskAsync(HttpClient client, string conversationId, object body, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversationId}/messages") { Content = JsonContent.Create(body) };
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
    }

    /// <summary>Reads a problem+json response and checks its status, media type and that it says something.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The blobs under <paramref name="prefix"/> of the Gateway's filesystem store.</summary>
    public static string[] StoredFiles(GatewayFactory gateway, string prefix)
    {
        var folder = Path.Combine(gateway.EffectiveDataPath, prefix);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>Upload spool files left in the Gateway's scratch folder (there should be none once a request is answered).</summary>
    public static string[] SpooledFiles(GatewayFactory gateway) =>
        Directory.Exists(gateway.ScratchPath) ? Directory.GetFiles(gateway.ScratchPath, "*.part", SearchOption.AllDirectories) : [];
}
