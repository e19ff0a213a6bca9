using System.Net;
using System.Text.RegularExpressions;

namespace SparseVila.Gateway.Tests;

/// <summary>
/// The web page's files as the Gateway serves them (the page itself is driven in a browser by tests/Browser.Tests): public
/// even where API keys are required, under a strict content security policy, every module it imports present.
/// </summary>
public sealed partial class WebPageServingTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new() { Settings = new Dictionary<string, string> { ["Auth:ApiKeys:web-page-serving-test-key"] = "acme" } };
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Root_IsThePage_WithoutAKey_RevalidatedAndUnderAContentSecurityPolicy()
    {
        using var response = await GetAsync("/");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task TheApi_StillNeedsTheKey()
    {
        using var response = await GetAsync("/api/videos");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EveryModuleThePageImports_IsServedAsJavaScript()
    {
        var pending = new Queue<string>(["app.js"]);
        var served = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path))
        {
            if (!served.Add(path))
            {
                continue;
            }

            using var response = await GetAsync("/" + path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} is {(int)response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            var source = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var folder = path.Contains('/', StringComparison.Ordinal) ? path[..(path.LastIndexOf('/') + 1)] : string.Empty;
            foreach (Match import in ImportedModule().Matches(source))
            {
                pending.Enqueue(Resolve(folder, import.Groups["path"].Value));
            }
        }

        Assert.Contains("js/sse.js", served);
        Assert.Contains("js/chat.js", served);
    }

    [Theory]
    [InlineData("app.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task TheStylesAndIcon_AreServed(string path, string mediaType)
    {
        using var response = await GetAsync("/" + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> GetAsync(string path) =>
        _client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    /// <summary>A relative module path (<c>./x.js</c>, <c>../x.js</c>) from a module in <paramref name="folder"/>.</summary>
    private static string Resolve(string folder, string relative)
    {
        var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in relative.Split('/'))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    [GeneratedRegex("""^import\s[^;]*?from\s+'(?<path>\.{1,2}/[^']+)';""", RegexOptions.Multiline)]
    private static partial Regex ImportedModule();
}
