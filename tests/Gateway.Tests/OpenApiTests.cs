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
