using System.Net;
using System.Text.Json;

namespace SparseVila.Gateway.Tests;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_IsOkWithoutRunningChecks()
    {
        await using var factory = new GatewayFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Empty(body.RootElement.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Readyz_WhenTheSiloIsActiveAndStorageWritable_IsOk()
    {
        await using var factory = new GatewayFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("silo").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.True(Directory.Exists(factory.EffectiveDataPath));
    }

    [Fact]
    public async Task Readyz_WhenStorageIsNotWritable_Is503AndSaysWhy()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            await using var factory = new GatewayFactory { DataPath = Path.Combine(blocker, "data") };
            using var client = factory.CreateClient();

            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var storage = body.RootElement.GetProperty("checks").GetProperty("storage");
            Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
            Assert.Contains("not writable", storage.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
