using System.Net;
using SparseVila.Cli.Commands;

namespace SparseVila.Cli.Tests;

/// <summary>The commands against a stand-in Gateway: what they send, print and return for answers that are hard to provoke from the real one.</summary>
public sealed class CommandsAgainstStubTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-cli-stub-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task AnyCommand_SendsTheKeyFromTheEnvironment_UnlessApiKeyIsGiven_ToTheUrlFromTheEnvironment()
    {
        var stub = new StubGateway(_ => StubGateway.Json(HttpStatusCode.OK, """{"items":[],"next":null}"""));
        using var http = stub.CreateClient();
        var variables = new Dictionary<string, string?>
        {
            [CliEnvironment.ApiKeyVariable] = "from-env",
            [CliEnvironment.UrlVariable] = "http://gateway.test:9000/prefix",
        };

        var fromEnvironment = await CliHarness.RunAsync(http, variables, false, "list");
        var fromOption = await CliHarness.RunAsync(http, variables, false, "list", "--api-key", "from-option");

        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.Equal(0, fromOption.ExitCode);
        Assert.Equal(["from-env", "from-option"], stub.Requests.Select(r => r.ApiKey));
        Assert.All(stub.Requests, r => Assert.Equal("/prefix/api/videos?limit=200", r.PathAndQuery));
    }

    [Fact]
    public async Task Busy_IsTriedAgain_AfterRetryAfter_ThenSucceeds()
    {
        var calls = 0;
        var stub = new StubGateway(_ => ++calls <= 2 ? Busy() : StubGateway.Json(HttpStatusCode.OK, StubGateway.Video("v1", "a.mp4", "indexed")));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "show", "v1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, calls);
        Assert.Contains("busy (HTTP 429)", result.Error, StringComparison.Ordinal);
        Assert.Contains("status: indexed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_ThatLasts_IsExitCode6_AfterABoundedNumberOfTries()
    {
        var stub = new StubGateway(_ => Busy());
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "show", "v1");

        Assert.Equal(ExitCodes.Busy, result.ExitCode);
        Assert.Equal(1 + CliHarness.QuickRetries.MaxRetries, stub.Requests.Count);
        Assert.Contains("error: Busy (HTTP 429): Too many questions in flight.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_IsExitCode5_WithTheProblemTitle_AndNoStackTrace()
    {
        var stub = new StubGateway(_ => StubGateway.Problem(HttpStatusCode.Unauthorized, "Unauthorized", "Send a known key in X-Api-Key."));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "list");

        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.Equal("error: Unauthorized (HTTP 401): Send a known key in X-Api-Key.\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Unreachable_IsExitCode1_WithOneLine()
    {
        using var http = new HttpClient(new ThrowingHandler());

        var result = await CliHarness.RunAsync(http, "list", "--url", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Unexpected, result.ExitCode);
        Assert.Equal("error: cannot reach the Gateway at http://127.0.0.1:9/: Connection refused\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Upload_StreamsEachFileWithItsMediaType_AndUnknownTypesAsMultipart()
    {
        var video = Write("a.mp4", 1000);
        var other = Write("clip.bin", 10);
        var stub = new StubGateway(request => StubGateway.Json(HttpStatusCode.Accepted, StubGateway.Video("v" + request.Content!.Headers.ContentLength, "as named", "indexing")));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "upload", video, other, "--parallel", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var requests = stub.Requests.ToList();
        Assert.Equal("/api/videos?name=a.mp4&index=true", requests[0].PathAndQuery);
        Assert.Equal(1000, requests[0].ContentLength);
        Assert.Equal("/api/videos?name=clip.bin&index=true", requests[1].PathAndQuery);
        Assert.True(requests[1].ContentLength > 10, "the multipart body wraps the file");
        // The table shows the names the Gateway gave.
        Assert.Equal(["v1000\tas named\tindexing\t", $"v{requests[1].ContentLength}\tas named\tindexing\t"], Lines(result.Output));
    }

    [Fact]
    public async Task Upload_RefusedFile_IsARow_AndExitCode4_WhileTheOthersGoOn()
    {
        var good = Write("good.mp4", 10);
        var empty = Write("empty.mp4", 0);
        var stub = new StubGateway(request => request.RequestUri!.Query.Contains("empty", StringComparison.Ordinal)
            ? StubGateway.Problem(HttpStatusCode.BadRequest, "Empty upload", "The body is empty.")
            : StubGateway.Json(HttpStatusCode.Accepted, StubGateway.Video("v1", "good.mp4", "indexing")));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "upload", empty, good, "--parallel", "1");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal(["-\tempty.mp4\trefused\tEmpty upload (HTTP 400): The body is empty.", "v1\tgood.mp4\tindexing\t"], Lines(result.Output));
        Assert.Contains("error: empty.mp4: refused: Empty upload (HTTP 400): The body is empty.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ArchiveWithSkippedEntries_ListsThem_AndIsExitCode4()
    {
        var archive = Write("videos.tar.gz", 100);
        var stub = new StubGateway(_ => StubGateway.Json(HttpStatusCode.Accepted, """
            {"id":"a1","videos":[{"id":"v1","name":"trip/day1.mp4"}],
             "skipped":[{"entry":"../evil.mp4","reason":"the path leaves the archive"}]}
            """));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "upload", archive);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("/api/archives?index=true", Assert.Single(stub.Requests).PathAndQuery);
        Assert.Equal(["v1\ttrip/day1.mp4\tindexing\t", "-\tvideos.tar.gz: ../evil.mp4\tskipped\tthe path leaves the archive"], Lines(result.Output));
    }

    [Fact]
    public async Task UploadWait_FollowsEvents_UntilIndexed_OnATerminalToo()
    {
        var video = Write("a.mp4", 300_000);
        var stub = new StubGateway(request => request.Method == HttpMethod.Post
            ? StubGateway.Json(HttpStatusCode.Accepted, StubGateway.Video("v1", "a.mp4", "indexing"))
            : StubGateway.Events(("video", StubGateway.Video("v1", "a.mp4", "indexing", 0.5)), ("video", StubGateway.Video("v1", "a.mp4", "indexed", 1))));
        using var http = stub.CreateClient();

        var plain = await CliHarness.RunAsync(http, "upload", "--wait", video);
        var terminal = await CliHarness.RunAsync(http, new Dictionary<string, string?>(), true, "upload", "--wait", video);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(["v1\ta.mp4\tindexed\t"], Lines(plain.Output));
        Assert.Equal(["a.mp4: uploading", "a.mp4: indexing", "a.mp4: indexed"], Lines(plain.Error));
        Assert.True(terminal.ExitCode == 0, terminal.ToString());
        Assert.Contains("indexed", terminal.Output, StringComparison.Ordinal);
        Assert.Contains("text/event-stream", stub.Requests.Last().Accept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_FailedVideo_IsExitCode4_UnknownOne3_TheHigherWins()
    {
        var stub = new StubGateway(request => request.RequestUri!.AbsolutePath.Contains("/bad/", StringComparison.Ordinal)
            ? StubGateway.Events(("video", StubGateway.Video("bad", "b.mp4", "failed", error: "not decodable")))
            : StubGateway.Problem(HttpStatusCode.NotFound, "Not found", "No video 'gone'."));
        using var http = stub.CreateClient();

        var failed = await CliHarness.RunAsync(http, "wait", "bad");
        var both = await CliHarness.RunAsync(http, "wait", "bad", "gone");

        Assert.Equal(ExitCodes.Refused, failed.ExitCode);
        Assert.Equal(["bad\tb.mp4\tfailed\tnot decodable"], Lines(failed.Output));
        Assert.Equal(ExitCodes.Refused, both.ExitCode);
        Assert.Contains("gone\tgone\tnot found\tNot found (HTTP 404): No video 'gone'.", both.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_PastItsTimeout_IsExitCode7()
    {
        var stub = new StubGateway(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new NeverEndingStream()) });
        stub.Requests.Clear();
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "wait", "v1", "--timeout", "0.2");

        Assert.Equal(ExitCodes.Timeout, result.ExitCode);
        Assert.Contains("timed out after 0.2 s", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_StreamsTokens_ThenEvidenceStatsAndConversation()
    {
        const string answer = """{"answer":"red circle","evidence":[{"videoId":"v1","timestampSeconds":12.5,"score":0.41}],"stats":{"visualTokens":1568,"retrievedTokens":157,"prefillMs":412.5,"decodeTokensPerSecond":14.2,"generatedTokens":2}}""";
        var stub = new StubGateway(request => request.RequestUri!.AbsolutePath == "/api/conversations"
            ? StubGateway.Json(HttpStatusCode.Created, """{"id":"c1","videoIds":["v1"]}""")
            : StubGateway.Events(("token", """{"text":"red"}"""), ("token", """{"text":" circle"}"""), ("evidence", "[]"), ("done", answer)));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "ask", "--video", "v1", "What shape is red?");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["red circle", "evidence: v1 at 12.50 s (score 0.410)",
             "stats: 1568 visual tokens, 157 retrieved, prefill 412.5 ms, 2 tokens at 14.2 tokens/s", "conversation: c1"],
            Lines(result.Output));
        Assert.Equal("/api/conversations/c1/messages", stub.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Ask_ErrorEventAfterTokens_EndsTheLine_AndMapsItsStatus()
    {
        var stub = new StubGateway(_ => StubGateway.Events(("token", """{"text":"re"}"""),
            ("error", """{"type":"about:blank","title":"Busy","status":429,"detail":"The silo's queue is full."}""")));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "ask", "--conversation", "c1", "again?");

        Assert.Equal(ExitCodes.Busy, result.ExitCode);
        Assert.Equal("re\n", result.Output.ReplaceLineEndings("\n"));
        Assert.Contains("error: Busy (HTTP 429): The silo's queue is full.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskJson_PrintsTheAnswerJsonOnly_AndTheConversationOnStandardError()
    {
        const string answer = """{"answer":"red","evidence":[],"stats":{"visualTokens":1,"retrievedTokens":1,"prefillMs":1,"decodeTokensPerSecond":1,"generatedTokens":1}}""";
        var stub = new StubGateway(_ => StubGateway.Json(HttpStatusCode.OK, answer));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, "ask", "--conversation", "c1", "--json", "What?");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(answer + "\n", result.Output.ReplaceLineEndings("\n"));
        Assert.Equal("conversation: c1\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Equal("application/json", stub.Requests.Single().Accept);
    }

    [Theory]
    [InlineData("ask", "question")]
    [InlineData("ask", "--video", "v1", "--conversation", "c1", "question")]
    [InlineData("ask", "--video", "v1", " ")]
    [InlineData("upload", "--wait", "--no-index", ".")]
    [InlineData("upload", "--parallel", "0", ".")]
    [InlineData("wait", "v1", "--timeout", "soon")]
    [InlineData("list", "--url", "ftp://example")]
    [InlineData("delete")]
    [InlineData("frobnicate")]
    public async Task UsageErrors_AreExitCode2_BeforeAnyRequest(params string[] args)
    {
        var stub = new StubGateway(_ => throw new InvalidOperationException("no request expected"));
        using var http = stub.CreateClient();

        var result = await CliHarness.RunAsync(http, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(stub.Requests);
        Assert.Contains("--help' for usage.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheExitCodes()
    {
        using var http = new StubGateway(_ => throw new InvalidOperationException()).CreateClient();

        var result = await CliHarness.RunAsync(http, "upload", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Exit codes:", result.Output, StringComparison.Ordinal);
        Assert.Contains("7  timed out", result.Output, StringComparison.Ordinal);
    }

    private static HttpResponseMessage Busy()
    {
        var response = StubGateway.Problem(HttpStatusCode.TooManyRequests, "Busy", "Too many questions in flight.");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        return response;
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string Write(string name, int bytes)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused");
    }

    /// <summary>An event stream that never sends anything: reads wait until cancelled.</summary>
    private sealed class NeverEndingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
