using System.Net;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>API keys name tenants; the cookie reads but never changes; health and the API description need no key. (Wrong keys and
/// other tenants' ids: <see cref="BadInputSuiteTests"/>.)</summary>
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
