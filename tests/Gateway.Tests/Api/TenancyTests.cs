using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>API keys name tenants; a wrong key is 401; another tenant's ids are 404, exactly as ids that never existed.</summary>
public sealed class TenancyTests(TestAssets assets) : IAsyncLifetime
{
    private const string KeyA = "key-of-tenant-a-0123456789";
    private const string KeyB = "key-of-tenant-b-0123456789";
    private GatewayFactory _gateway = null!;

    public ValueTask InitializeAsync()
    {
        _gateway = assets.CreateGateway(new Dictionary<string, string>
        {
            [$"Auth:ApiKeys:{KeyA}"] = "tenant-a",
            [$"Auth:ApiKeys:{KeyB}"] = "tenant-b",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(null, "API key required")]
    [InlineData("not-a-key-of-anyone-at-all", "Unknown API key")]
    public async Task MissingOrUnknownKey_Is401Problem(string? key, string title)
    {
        using var client = Client(key);

        using var list = await client.GetAsync(new Uri("/api/videos", UriKind.Relative), Cancel);
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var upload = await client.PostAsync(new Uri("/api/videos", UriKind.Relative), content, Cancel);

        Assert.Equal(title, (await ProblemAsync(list, HttpStatusCode.Unauthorized)).GetProperty("title").GetString());
        await ProblemAsync(upload, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(StoredFiles(_gateway, string.Empty), f => f.Contains("uploads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherTenantsVideoAndConversation_Are404AndUntouched()
    {
        using var a = Client(KeyA);
        using var b = Client(KeyB);
        var video = await UploadIndexedAsync(a, assets.VideoPath);
        var conversation = await StartConversationAsync(a, video);

        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/videos/{video}", null),
            (HttpMethod.Get, $"/api/videos/{video}/events", null),
            (HttpMethod.Get, $"/api/videos/{video}/frame?t=1", null),
            (HttpMethod.Get, $"/api/videos/{video}/content", null),
            (HttpMethod.Delete, $"/api/videos/{video}", null),
            (HttpMethod.Post, "/api/conversations", new { videoIds = new[] { video } }),
            (HttpMethod.Get, $"/api/conversations/{conversation}", null),
            (HttpMethod.Post, $"/api/conversations/{conversation}/messages", new { question = "what?" }),
        };
        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await b.SendAsync(request, Cancel);
            var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
            Assert.DoesNotContain("tenant-a", problem.ToString(), StringComparison.Ordinal);
        }

        var listOfB = await b.GetFromJsonAsync<JsonElement>("/api/videos", Cancel);
        Assert.Empty(listOfB.GetProperty("items").EnumerateArray());
        var stillThere = await a.GetFromJsonAsync<JsonElement>($"/api/videos/{video}", Cancel);
        Assert.Equal("indexed", stillThere.GetProperty("status").GetString());
        var history = await a.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Cancel);
        Assert.Empty(history.GetProperty("turns").EnumerateArray());
    }

    [Fact]
    public async Task Cookie_IsAcceptedForReadingButNeverForChanging()
    {
        using var a = Client(KeyA);
        var video = (await UploadAsync(a, assets.OtherVideoPath, "?index=false")).GetProperty("id").GetString()!;
        using var browser = _gateway.CreateClient();
        browser.DefaultRequestHeaders.Add("Cookie", $"sparsevila-api-key={KeyA}");

        using var frame = await browser.GetAsync(new Uri($"/api/videos/{video}/frame?t=0", UriKind.Relative), Cancel);
        using var delete = await browser.DeleteAsync(new Uri($"/api/videos/{video}", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        await ProblemAsync(delete, HttpStatusCode.Unauthorized);
        using var stillThere = await a.GetAsync(new Uri($"/api/videos/{video}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task HealthAndOpenApi_NeedNoKey()
    {
        using var client = Client(null);

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Cancel);
        using var openApi = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    private HttpClient Client(string? key)
    {
        var client = _gateway.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
