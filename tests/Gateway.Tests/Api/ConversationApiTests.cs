using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>One Gateway with an indexed video, shared by the conversation tests (indexing it once per test would dominate their time).</summary>
public sealed class ConversationGateway(TestAssets assets) : IAsyncLifetime
{
    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string VideoId { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        Gateway = assets.CreateGateway(new Dictionary<string, string>
        {
            ["Gateway:MaxQuestionChars"] = "100",
            ["Gateway:MaxNewTokens"] = "48",
            ["Gateway:MaxConcurrentAsksPerTenant"] = "1",
        });
        Client = Gateway.CreateClient();
        VideoId = await UploadIndexedAsync(Client, assets.VideoPath);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
    }
}

/// <summary>Conversations: start, ask (JSON and server-sent events), history, not indexed and busy. (Malformed questions and unknown
/// ids: <see cref="BadInputSuiteTests"/>.)</summary>
public sealed class ConversationApiTests(TestAssets assets, ConversationGateway shared) : IClassFixture<ConversationGateway>
{
    private readonly HttpClient _client = shared.Client;
    private readonly string _videoId = shared.VideoId;

    [Fact]
    public async Task Ask_Json_AnswersWithEvidenceOfTheVideoAndStatsAndTheHistoryKeepsIt()
    {
        var conversation = await StartConversationAsync(_client, _videoId);

        using var response = await AskAsync(_client, conversation, new { question = "what color is the circle at second 2?", maxNewTokens = 8 });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var evidence = answer.GetProperty("evidence").EnumerateArray().ToList();
        Assert.NotEmpty(evidence);
        Assert.All(evidence, e => Assert.Equal(_videoId, e.GetProperty("videoId").GetString()));
        Assert.All(evidence, e => Assert.InRange(e.GetProperty("timestampSeconds").GetDouble(), 0, 7));
        var stats = answer.GetProperty("stats");
        Assert.InRange(stats.GetProperty("retrievedTokens").GetInt32(), 1, stats.GetProperty("visualTokens").GetInt32() - 1);
        Assert.True(stats.GetProperty("prefillMs").GetDouble() > 0);
        Assert.InRange(stats.GetProperty("generatedTokens").GetInt32(), 1, 8);

        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Cancel);
        var turn = Assert.Single(history.GetProperty("turns").EnumerateArray());
        Assert.Equal("what color is the circle at second 2?", turn.GetProperty("question").GetString());
        Assert.Equal(answer.GetProperty("answer").GetString(), turn.GetProperty("answer").GetString());
        Assert.Equal([_videoId], history.GetProperty("videoIds").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Ask_EventStream_SendsTokensThenEvidenceThenDoneWhoseAnswerIsTheTokens()
    {
        var conversation = await StartConversationAsync(_client, _videoId);

        using var response = await AskAsync(_client, conversation, new { question = "how many objects are there at second 1?", maxNewTokens = 12 }, "text/event-stream");
        var events = await ServerSentEvent.ReadAsync(response).ToListAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["evidence", "done"], events.Select(e => e.Name).SkipWhile(n => n == "token"));
        var tokens = events.Where(e => e.Name == "token").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()).ToList();
        Assert.NotEmpty(tokens);
        var done = JsonDocument.Parse(events[^1].Data).RootElement;
        Assert.Equal(done.GetProperty("answer").GetString(), string.Concat(tokens).Trim());
        Assert.Equal(JsonDocument.Parse(events[^2].Data).RootElement.ToString(), done.GetProperty("evidence").ToString());
    }

    [Fact]
    public async Task Ask_FollowUps_AreAnsweredInOrderAndAllKept()
    {
        var conversation = await StartConversationAsync(_client, _videoId);
        string[] questions = ["what shape is at the center at second 0?", "when does the red circle first appear?", "how many objects are there at second 3?"];

        foreach (var question in questions)
        {
            using var response = await AskAsync(_client, conversation, new { question, maxNewTokens = 4 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Cancel);
        Assert.Equal(questions, history.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("question").GetString()));
    }

    [Fact]
    public async Task Start_OverAVideoThatIsNotIndexed_Is409WithItsStatus()
    {
        var uploaded = (await UploadAsync(_client, assets.OtherVideoPath, "?index=false")).GetProperty("id").GetString()!;

        using var response = await _client.PostAsJsonAsync(new Uri("/api/conversations", UriKind.Relative), new { videoIds = new[] { _videoId, uploaded } }, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("uploaded", problem.GetProperty("videoStatus").GetString());
        Assert.Equal(uploaded, problem.GetProperty("videoId").GetString());
    }

    [Fact]
    public async Task Ask_OverTheTenantsConcurrentLimit_Is429WithRetryAfter()
    {
        var first = await StartConversationAsync(_client, _videoId);
        var second = await StartConversationAsync(_client, _videoId);
        const string LongQuestion = "what shape is at the top left at second 1?";
        // Precondition (the seeded random model is deterministic): this answer is long, so it is still streaming when asked again.
        using (var probe = await AskAsync(_client, await StartConversationAsync(_client, _videoId), new { question = LongQuestion, maxNewTokens = 48 }))
        {
            var generated = (await probe.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("stats").GetProperty("generatedTokens").GetInt32();
            Assert.True(generated >= 16, $"the answer has {generated} tokens; the test needs a long one");
        }

        // The first answer streams; while its first token is read and the rest is still to come, its slot is held.
        using var streaming = await AskAsync(_client, first, new { question = LongQuestion, maxNewTokens = 48 }, "text/event-stream");
        await using var events = ServerSentEvent.ReadAsync(streaming).GetAsyncEnumerator(Cancel);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("token", events.Current.Name);
        using var refused = await AskAsync(_client, second, new { question = "what?" });

        await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var last = events.Current;
        while (await events.MoveNextAsync())
        {
            last = events.Current;
        }

        Assert.Equal("done", last.Name);
        using var accepted = await AskAsync(_client, second, new { question = "what?", maxNewTokens = 2 });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
