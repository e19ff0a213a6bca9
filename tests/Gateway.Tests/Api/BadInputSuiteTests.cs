using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;
using static SparseVila.Gateway.Tests.Api.BadBodies;
using static SparseVila.Gateway.Tests.Api.BadInputGateway;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>
/// The bad-input suite of DESIGN §8 through the HTTP API: every bad request gets its status and a problem+json body that
/// says what is wrong, and nothing stored is lost, changed or added. Each case runs against the same seeded Gateway between
/// two snapshots of all it stores (<see cref="StoreSnapshot"/>), which must be equal; so the cases cannot disturb each other.
/// </summary>
public sealed class BadInputSuiteTests(BadInputGateway store) : IClassFixture<BadInputGateway>
{
    private static readonly Dictionary<string, BadCase> Cases = new(StringComparer.Ordinal)
    {
        // Uploads that are not a video (tenant A, who owns the store).
        ["upload: random bytes"] = new(422, "Not a decodable video", "is not a video the service can decode", Upload(_ => Raw(RandomBytes(4096), "video/mp4"))),
        ["upload: audio without video"] = new(422, "Not a decodable video", "it has no video stream", Upload(_ => Raw(SilentWave(), "video/mp4"))),
        ["upload: truncated video"] = new(422, "Not a decodable video", "is not a video the service can decode", Upload(g => Raw(Truncated(g), "video/mp4"))),
        ["upload: empty"] = new(400, "Empty upload", "The upload has no bytes", Upload(_ => Raw([], "video/mp4"))),
        ["upload: text/plain"] = new(415, "Unsupported media type", "Content-Type 'text/plain' is not accepted here", Upload(_ => Raw("not a video"u8.ToArray(), "text/plain"))),
        ["upload: no Content-Type"] = new(415, "Unsupported media type", "Content-Type '(none)' is not accepted here", Upload(_ => Raw("not a video"u8.ToArray(), null))),
        ["upload: over the size limit"] = new(413, "Upload too large", "Uploads are limited to", Upload(g => Raw(RandomBytes((int)g.MaxUploadBytes + 1), "video/mp4"))),
        ["upload: over the size limit, chunked"] = new(413, "Upload too large", "Uploads are limited to", Upload(g => Chunked(RandomBytes((int)g.MaxUploadBytes * 2), "video/mp4"))),
        ["upload: multipart without a file"] = new(400, "No file", "no file field named 'file'", Upload(_ => new MultipartFormDataContent { { new StringContent("hello"), "note" } })),
        ["archive: not an archive"] = new(422, "Not an archive", "", Post(A, _ => "/api/archives", _ => Raw(new byte[4096], "application/x-tar"))),
        ["archive: unknown id"] = new(404, "Not found", "There is no archive", Get(A, _ => "/api/archives/0123456789abcdef")),
        ["archive: empty"] = new(400, "Empty upload", "The archive has no bytes", Post(A, _ => "/api/archives", _ => Raw([], "application/x-tar"))),

        // Ids that are not the tenant's: unknown, malformed, another tenant's (404, as unknown: nothing hints that they exist).
        ["video: unknown id"] = new(404, "Not found", $"There is no video '{UnknownId}'", Get(A, _ => $"/api/videos/{UnknownId}")),
        ["video: malformed id"] = new(404, "Not found", "There is no video 'NOT_AN_ID'", Get(A, _ => "/api/videos/NOT_AN_ID")),
        ["video: unknown id, events"] = new(404, "Not found", "There is no video", Get(A, _ => $"/api/videos/{UnknownId}/events")),
        ["video: unknown id, content"] = new(404, "Not found", "There is no video", Get(A, _ => $"/api/videos/{UnknownId}/content")),
        ["video: id with an escaped slash"] = new(404, "Not found", "There is no video 'a%2Fb'", Get(A, _ => "/api/videos/a%2Fb")),
        ["video: unknown id, frame"] = new(404, "Not found", "There is no video", Get(A, _ => $"/api/videos/{UnknownId}/frame?t=1")),
        ["video: unknown id, delete"] = new(404, "Not found", "There is no video", Delete(A, _ => $"/api/videos/{UnknownId}")),
        ["video: unknown id, index"] = new(404, "Not found", "There is no video", Post(A, _ => $"/api/videos/{UnknownId}/index")),
        ["video: another tenant's"] = Foreign(HttpMethod.Get, g => $"/api/videos/{g.VideoId}", "There is no video"),
        ["video: another tenant's, events"] = Foreign(HttpMethod.Get, g => $"/api/videos/{g.VideoId}/events", "There is no video", accept: "text/event-stream"),
        ["video: another tenant's, frame"] = Foreign(HttpMethod.Get, g => $"/api/videos/{g.VideoId}/frame?t=1", "There is no video"),
        ["video: another tenant's, content"] = Foreign(HttpMethod.Get, g => $"/api/videos/{g.VideoId}/content", "There is no video"),
        ["video: another tenant's, index"] = Foreign(HttpMethod.Post, g => $"/api/videos/{g.VideoId}/index", "There is no video"),
        ["video: another tenant's, delete"] = Foreign(HttpMethod.Delete, g => $"/api/videos/{g.VideoId}", "There is no video"),
        ["conversation: unknown id"] = new(404, "Not found", $"There is no conversation '{UnknownId}'", Get(A, _ => $"/api/conversations/{UnknownId}")),
        ["conversation: another tenant's"] = Foreign(HttpMethod.Get, g => $"/api/conversations/{g.ConversationId}", "There is no conversation"),
        ["ask: unknown conversation"] = new(404, "Not found", "There is no conversation", Post(A, _ => $"/api/conversations/{UnknownId}/messages", _ => Json("""{ "question": "what?" }"""))),
        ["ask: another tenant's conversation"] = Foreign(HttpMethod.Post, g => $"/api/conversations/{g.ConversationId}/messages", "There is no conversation", """{ "question": "what?" }"""),
        ["start: over an unknown video"] = new(404, "Not found", $"There is no video '{UnknownId}'", Post(A, _ => "/api/conversations", _ => Json($$"""{ "videoIds": ["{{UnknownId}}"] }"""))),
        ["start: over another tenant's video"] = Foreign(HttpMethod.Post, _ => "/api/conversations", "There is no video", """{ "videoIds": ["{id}"] }"""),
        ["start: over a known and an unknown video"] = new(404, "Not found", "There is no video", Post(A, _ => "/api/conversations", g => Json($$"""{ "videoIds": ["{{g.VideoId}}", "{{UnknownId}}"] }"""))),
        ["start: no videos"] = new(400, "Bad videoIds", "videoIds names 1 to 8 different videos", Post(A, _ => "/api/conversations", _ => Json("""{ "videoIds": [] }"""))),
        ["start: no videoIds field"] = new(400, "Bad videoIds", "videoIds names 1 to 8 different videos", Post(A, _ => "/api/conversations", _ => Json("{ }"))),
        ["start: nine videos"] = new(400, "Bad videoIds", "videoIds names 1 to 8 different videos",
            Post(A, _ => "/api/conversations", _ => Json("""{ "videoIds": ["1","2","3","4","5","6","7","8","9"] }"""))),
        ["start: a path as a video id"] = new(404, "Not found", "There is no video '../etc'", Post(A, _ => "/api/conversations", _ => Json("""{ "videoIds": ["../etc"] }"""))),
        ["start: the same video twice"] = new(400, "Bad videoIds", "different videos", Post(A, _ => "/api/conversations", g => Json($$"""{ "videoIds": ["{{g.VideoId}}", "{{g.VideoId}}"] }"""))),

        // Keys: none or nobody's, on requests that would change something.
        ["key: none, delete"] = new(401, "API key required", "X-Api-Key", Delete(g => g.NoKey, g => $"/api/videos/{g.VideoId}")),
        ["key: nobody's, delete"] = new(401, "Unknown API key", "X-Api-Key", Delete(g => g.WrongKey, g => $"/api/videos/{g.VideoId}")),
        ["key: nobody's, upload"] = new(401, "Unknown API key", "X-Api-Key", Post(g => g.WrongKey, _ => "/api/videos", g => Raw(File.ReadAllBytes(g.Assets.VideoPath), "video/mp4"))),
        ["key: nobody's, ask"] = new(401, "Unknown API key", "X-Api-Key", Post(g => g.WrongKey, g => $"/api/conversations/{g.ConversationId}/messages", _ => Json("""{ "question": "what?" }"""))),

        // Malformed questions, asked in the conversation that has one turn (the snapshot shows no turn was added).
        ["ask: empty question"] = Ask("""{ "question": "" }""", "Empty question", "not empty"),
        ["ask: blank question"] = Ask("""{ "question": "  \n " }""", "Empty question", "not empty"),
        ["ask: no question field"] = Ask("""{ "maxNewTokens": 4 }""", "Empty question", "not empty"),
        ["ask: question too long"] = Ask($$"""{ "question": "{{new string('a', MaxQuestionChars + 1)}}" }""", "Question too long", $"this one has {MaxQuestionChars + 1}"),
        ["ask: control characters"] = Ask("""{ "question": "what\u0007?" }""", "Malformed question", "control characters"),
        ["ask: question not a string"] = Ask("""{ "question": 42 }""", "Malformed JSON", "Path: $.question"),
        ["ask: not JSON"] = Ask("""{ question: what? """, "Malformed JSON", "The body is not the JSON this request takes"),
        ["ask: JSON but not an object"] = Ask("""["what?"]""", "Malformed JSON", "Path: $"),
        ["ask: maxNewTokens 0"] = Ask("""{ "question": "what?", "maxNewTokens": 0 }""", "Bad maxNewTokens", "it was 0"),
        ["ask: maxNewTokens over the limit"] = Ask($$"""{ "question": "what?", "maxNewTokens": {{MaxNewTokens + 1}} }""", "Bad maxNewTokens", $"maxNewTokens is 1 to {MaxNewTokens}"),
        ["ask: maxNewTokens negative"] = Ask("""{ "question": "what?", "maxNewTokens": -5 }""", "Bad maxNewTokens", "it was -5"),
        ["ask: maxNewTokens not a number"] = Ask("""{ "question": "what?", "maxNewTokens": "many" }""", "Malformed JSON", "Path: $.maxNewTokens"),

        // Frame times outside the video or not a time.
        ["frame: negative t"] = Frame("t=-1", "Time out of range", "t is -1"),
        ["frame: t at the end"] = Frame("t=8", "Time out of range", "this video has frames at 0 ≤ t < 8"),
        ["frame: t far beyond the end"] = Frame("t=1e9", "Time out of range", "t is 1000000000"),
        ["frame: t not a number"] = Frame("t=abc", "Bad request", "\"abc\""),
        ["frame: t NaN"] = Frame("t=NaN", "Time out of range", "t is NaN"),
        ["frame: no t"] = Frame(string.Empty, "Missing time", "?t=SECONDS"),
        ["frame: width too large"] = Frame("t=1&width=5000", "Bad width", "it was 5000"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadRequest_GetsItsProblemAndNothingStoredChanges(string name)
    {
        var bad = Cases[name];
        var before = await StoreSnapshot.TakeAsync(store);

        using var response = await bad.Call(store);

        var problem = await ProblemAsync(response, (HttpStatusCode)bad.Status);
        Assert.Equal(bad.Title, problem.GetProperty("title").GetString());
        Assert.Contains(bad.Detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (bad.AsUnknown is { } unknown)
        {
            // Another tenant's id gets exactly what an id that never existed gets, down to the detail's wording.
            using var asUnknown = await unknown(store);
            var unknownProblem = await ProblemAsync(asUnknown, (HttpStatusCode)bad.Status);
            Assert.Equal(Shape(unknownProblem, UnknownId), Shape(problem, store.VideoId, store.ConversationId));
            Assert.DoesNotContain("tenant-a", problem.ToString(), StringComparison.Ordinal);
        }

        before.AssertUnchanged(await StoreSnapshot.TakeAsync(store));
        Assert.Empty(SpooledFiles(store.Gateway));
    }

    [Fact]
    public async Task Archive_WithOnlyPathTraversingEntries_Is202WithEachSkippedAndNothingWrittenOutside()
    {
        var marker = $"escape-{Guid.NewGuid():N}.mp4";
        string[] entries = [$"../{marker}", $"../../{marker}", $"clips/../../{marker}", $"/tmp/{marker}"];
        var before = await StoreSnapshot.TakeAsync(store);

        using var content = Raw(await TarOfAsync(entries, await File.ReadAllBytesAsync(store.Assets.VideoPath, Cancel)), "application/x-tar");
        using var response = await store.A.PostAsync(new Uri("/api/archives", UriKind.Relative), content, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(body.GetProperty("videos").EnumerateArray());
        var skipped = body.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("entry").GetString()!, s => s.GetProperty("reason").GetString()!);
        Assert.Equal(entries.Order(StringComparer.Ordinal), skipped.Keys.Order(StringComparer.Ordinal));
        Assert.All(skipped.Values, reason => Assert.Equal("the path leaves the archive", reason));
        foreach (var folder in FoldersAround(store.Gateway))
        {
            Assert.False(File.Exists(Path.Combine(folder, marker)), $"{marker} was written in {folder}");
        }

        // The archive's report is stored (GET /api/archives/{id} serves it): the one thing added, with the empty lock file its
        // create-only write takes in .locks/ (the filesystem store's bookkeeping, no data). Nothing else changed.
        var id = body.GetProperty("id").GetString()!;
        var report = await store.A.GetFromJsonAsync<JsonElement>($"/api/archives/{id}", Cancel);
        Assert.Equal(body.ToString(), report.ToString());
        var after = await StoreSnapshot.TakeAsync(store);
        var added = after.Files.Except(before.Files).Where(f => !f.StartsWith(".locks/", StringComparison.Ordinal)).ToList();
        Assert.StartsWith($"tenant-a/archives/{id}.json ", Assert.Single(added), StringComparison.Ordinal);
        before.AssertUnchanged(after with { Files = [.. after.Files.Where(before.Files.Contains)] });
        Assert.Empty(SpooledFiles(store.Gateway));
    }

    /// <summary>A problem as text without its trace id, and with <paramref name="ids"/> written <c>{id}</c>.</summary>
    private static string Shape(JsonElement problem, params string[] ids)
    {
        var members = problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}");
        return ids.Aggregate(string.Join('\n', members), (text, id) => text.Replace(id, "{id}", StringComparison.Ordinal));
    }

    /// <summary>The folders an escaping entry could reach: around the data and scratch folders, and the temporary folder.</summary>
    private static IEnumerable<string> FoldersAround(GatewayFactory gateway)
    {
        var data = new DirectoryInfo(gateway.EffectiveDataPath);
        return new[] { data.FullName, data.Parent!.FullName, data.Parent.Parent!.FullName, gateway.ScratchPath, Path.GetTempPath(), "/tmp" }
            .Distinct(StringComparer.Ordinal);
    }

    private static async Task<byte[]> TarOfAsync(IEnumerable<string> names, byte[] bytes)
    {
        using var output = new MemoryStream();
        await using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var name in names)
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) }, Cancel);
            }
        }

        return output.ToArray();
    }

    private static byte[] Truncated(BadInputGateway g)
    {
        var video = File.ReadAllBytes(g.Assets.VideoPath);
        return video[..Math.Min(video.Length / 8, 2048)];
    }

    private static HttpClient A(BadInputGateway g) => g.A;

    private static Func<BadInputGateway, Task<HttpResponseMessage>> Upload(Func<BadInputGateway, HttpContent> body) => Post(A, _ => "/api/videos", body);

    private static BadCase Ask(string json, string title, string detail) =>
        new(400, title, detail, Post(A, g => $"/api/conversations/{g.ConversationId}/messages", _ => Json(json)));

    private static BadCase Frame(string query, string title, string detail) => new(400, title, detail, Get(A, g => $"/api/videos/{g.VideoId}/frame?{query}"));

    /// <summary>Tenant B's request naming tenant A's video or conversation, and the same request naming an unknown id.</summary>
    private static BadCase Foreign(HttpMethod method, Func<BadInputGateway, string> path, string detail, string? json = null, string? accept = null)
    {
        Func<BadInputGateway, HttpContent>? Body(Func<BadInputGateway, string> id) => json is null ? null : g => Json(json.Replace("{id}", id(g), StringComparison.Ordinal));
        return new(404, "Not found", detail, Send(g => g.B, method, path, Body(g => g.VideoId), accept))
        {
            AsUnknown = Send(g => g.B, method, g => path(g).Replace(g.VideoId, UnknownId, StringComparison.Ordinal).Replace(g.ConversationId, UnknownId, StringComparison.Ordinal),
                Body(_ => UnknownId), accept),
        };
    }

    private static Func<BadInputGateway, Task<HttpResponseMessage>> Get(Func<BadInputGateway, HttpClient> client, Func<BadInputGateway, string> path) =>
        Send(client, HttpMethod.Get, path);

    private static Func<BadInputGateway, Task<HttpResponseMessage>> Delete(Func<BadInputGateway, HttpClient> client, Func<BadInputGateway, string> path) =>
        Send(client, HttpMethod.Delete, path);

    private static Func<BadInputGateway, Task<HttpResponseMessage>> Post(
        Func<BadInputGateway, HttpClient> client, Func<BadInputGateway, string> path, Func<BadInputGateway, HttpContent>? body = null) =>
        Send(client, HttpMethod.Post, path, body);

    private static Func<BadInputGateway, Task<HttpResponseMessage>> Send(
        Func<BadInputGateway, HttpClient> client, HttpMethod method, Func<BadInputGateway, string> path, Func<BadInputGateway, HttpContent>? body = null,
        string? accept = null) => async g =>
    {
        using var request = new HttpRequestMessage(method, path(g)) { Content = body?.Invoke(g) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client(g).SendAsync(request, Cancel);
    };

    /// <summary>A bad request (<see cref="Call"/>) and the problem it must get; <see cref="AsUnknown"/>, the same request with an unknown id.</summary>
    private sealed record BadCase(int Status, string Title, string Detail, Func<BadInputGateway, Task<HttpResponseMessage>> Call)
    {
        public Func<BadInputGateway, Task<HttpResponseMessage>>? AsUnknown { get; init; }
    }
}
