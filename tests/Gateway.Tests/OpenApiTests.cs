using System.Net;
using System.Text.Json;

namespace SparseVila.Gateway.Tests;

public sealed class OpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task OpenApiDocument_IsServed_AndDescribesTheHealthEndpoints()
    {
        using var client = gateway.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("SparseVila API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        var paths = document.RootElement.GetProperty("paths");
        Assert.Equal("Liveness", paths.GetProperty("/healthz").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("Readiness", paths.GetProperty("/readyz").GetProperty("get").GetProperty("operationId").GetString());
    }

    [Theory]
    [InlineData("/api/videos", "post", "UploadVideo")]
    [InlineData("/api/videos", "get", "ListVideos")]
    [InlineData("/api/videos/{id}", "get", "GetVideo")]
    [InlineData("/api/videos/{id}", "delete", "DeleteVideo")]
    [InlineData("/api/videos/{id}/events", "get", "VideoEvents")]
    [InlineData("/api/videos/{id}/frame", "get", "GetVideoFrame")]
    [InlineData("/api/videos/{id}/content", "get", "GetVideoContent")]
    [InlineData("/api/videos/{id}/index", "post", "IndexVideo")]
    [InlineData("/api/archives", "post", "UploadArchive")]
    [InlineData("/api/archives/{id}", "get", "GetArchive")]
    [InlineData("/api/conversations", "post", "StartConversation")]
    [InlineData("/api/conversations/{id}", "get", "GetConversation")]
    [InlineData("/api/conversations/{id}/messages", "post", "Ask")]
    public async Task OpenApiDocument_DescribesEveryApiOperation(string path, string method, string operationId)
    {
        using var client = gateway.Factory.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken));

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task ApiReferencePage_IsHtml_AndPointsAtTheDocument()
    {
        using var client = gateway.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api-reference", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("SparseVila API", html, StringComparison.Ordinal);
    }
}

/// <summary>One Gateway shared by the tests of a class that only read from it.</summary>
public sealed class GatewayFixture : IAsyncDisposable
{
    public GatewayFactory Factory { get; } = new();

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
