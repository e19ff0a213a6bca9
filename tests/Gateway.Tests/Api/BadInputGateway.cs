using System.Net;
using System.Net.Http.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>
/// One Gateway with two tenants and real data stored through the API: tenant A's indexed video and a conversation over it
/// with one answered turn. Shared by the bad-input suite, whose every case must leave it exactly as it found it.
/// </summary>
public sealed class BadInputGateway(TestAssets assets) : IAsyncLifetime
{
    public const string KeyA = "bad-input-key-of-tenant-a-0123";
    public const string KeyB = "bad-input-key-of-tenant-b-0123";

    /// <summary><c>Gateway:MaxQuestionChars</c>.</summary>
    public const int MaxQuestionChars = 100;

    /// <summary><c>Gateway:MaxNewTokens</c>.</summary>
    public const int MaxNewTokens = 48;

    /// <summary>An id no video or conversation has (well-formed: 32 hex digits).</summary>
    public const string UnknownId = "0123456789abcdef0123456789abcdef";

    public TestAssets Assets { get; } = assets;

    public GatewayFactory Gateway { get; private set; } = null!;

    /// <summary>Tenant A's client: the owner of everything stored.</summary>
    public HttpClient A { get; private set; } = null!;

    /// <summary>Tenant B's client: owns nothing.</summary>
    public HttpClient B { get; private set; } = null!;

    /// <summary>A client that sends no key.</summary>
    public HttpClient NoKey { get; private set; } = null!;

    /// <summary>A client whose key is nobody's.</summary>
    public HttpClient WrongKey { get; private set; } = null!;

    /// <summary><c>Gateway:MaxUploadBytes</c>: above the test videos' and the silent WAV's sizes, and cheap to pass.</summary>
    public long MaxUploadBytes { get; private set; }

    /// <summary>Tenant A's indexed video.</summary>
    public string VideoId { get; private set; } = string.Empty;

    /// <summary>Tenant A's conversation over <see cref="VideoId"/>, with one answered turn.</summary>
    public string ConversationId { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        MaxUploadBytes = Math.Max(64 * 1024, 2 * Math.Max(new FileInfo(Assets.VideoPath).Length, new FileInfo(Assets.OtherVideoPath).Length));
        Gateway = Assets.CreateGateway(new Dictionary<string, string>
        {
            [$"Auth:ApiKeys:{KeyA}"] = "tenant-a",
            [$"Auth:ApiKeys:{KeyB}"] = "tenant-b",
            ["Gateway:MaxUploadBytes"] = $"{MaxUploadBytes}",
            ["Gateway:MaxQuestionChars"] = $"{MaxQuestionChars}",
            ["Gateway:MaxNewTokens"] = $"{MaxNewTokens}",
            // What users run: the framework's Development-only behaviours (bad requests thrown, not answered) are off.
            ["environment"] = "Production",
        });
        A = Client(KeyA);
        B = Client(KeyB);
        NoKey = Client(null);
        WrongKey = Client("not-a-key-of-anyone-at-all");
        VideoId = await UploadIndexedAsync(A, Assets.VideoPath);
        ConversationId = await StartConversationAsync(A, VideoId);
        using var answered = await AskAsync(A, ConversationId, new { question = "what color is the circle at second 2?", maxNewTokens = 4 });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Cancel));
        _ = await answered.Content.ReadFromJsonAsync<object>(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in new[] { A, B, NoKey, WrongKey })
        {
            client?.Dispose();
        }

        await Gateway.DisposeAsync();
    }

    private HttpClient Client(string? key)
    {
        var client = Gateway.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
