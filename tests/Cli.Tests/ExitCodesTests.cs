using System.Net.Http.Headers;
using System.Text.Json;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(400, ExitCodes.Usage)]
    [InlineData(401, ExitCodes.Unauthorized)]
    [InlineData(404, ExitCodes.NotFound)]
    [InlineData(409, ExitCodes.Unexpected)]
    [InlineData(413, ExitCodes.Refused)]
    [InlineData(415, ExitCodes.Refused)]
    [InlineData(422, ExitCodes.Refused)]
    [InlineData(429, ExitCodes.Busy)]
    [InlineData(500, ExitCodes.Unexpected)]
    [InlineData(503, ExitCodes.Unexpected)]
    [InlineData(504, ExitCodes.Timeout)]
    public void ForStatus_MapsEachRefusal(int status, int code) => Assert.Equal(code, ExitCodes.ForStatus(status));

    [Fact]
    public void Combine_TheHigherCodeWins()
    {
        Assert.Equal(ExitCodes.Success, ExitCodes.Combine(ExitCodes.Success, ExitCodes.Success));
        Assert.Equal(ExitCodes.Refused, ExitCodes.Combine(ExitCodes.Success, ExitCodes.Refused));
        Assert.Equal(ExitCodes.Timeout, ExitCodes.Combine(ExitCodes.Timeout, ExitCodes.NotFound));
    }

    [Fact]
    public void Meanings_ListEveryCodeOnceInOrder() =>
        Assert.Equal(Enumerable.Range(0, 8), ExitCodes.Meanings.Select(m => m.Code));

    [Fact]
    public void Problem_TitleAndDetail_AreTheMessage()
    {
        var error = ProblemReader.FromBody(415, "Unsupported Media Type",
            """{"type":"about:blank","title":"Unsupported media type","status":415,"detail":"Send a video/* body."}""");

        Assert.Equal(("Unsupported media type", "Send a video/* body.", ExitCodes.Refused), (error.Title, error.Detail, error.ExitCode));
        Assert.Equal("Unsupported media type (HTTP 415): Send a video/* body.", error.Describe());
    }

    [Fact]
    public void Problem_BodyThatIsNotAProblem_KeepsTheReasonAndText()
    {
        var error = ProblemReader.FromBody(502, "Bad Gateway", "<html>upstream down</html>");

        Assert.Equal(("Bad Gateway", "<html>upstream down</html>", ExitCodes.Unexpected), (error.Title, error.Detail, error.ExitCode));
    }

    [Fact]
    public void Problem_BodyThatIsACrashReport_KeepsItsFirstLineOnly()
    {
        var body = "System.InvalidOperationException: it broke.\n   at Somewhere.Deep()\n   at Somewhere.Else()";

        var error = ProblemReader.FromBody(500, "Internal Server Error", body);

        Assert.Equal("Internal Server Error (HTTP 500): System.InvalidOperationException: it broke.", error.Describe());
    }

    [Theory]
    [InlineData("failed", ExitCodes.Refused)]
    [InlineData("indexing", ExitCodes.Unexpected)]
    public void Problem_NotIndexedConflict_IsAFailureOnlyWhenTheVideoFailed(string status, int code)
    {
        var body = $$"""{"title":"Video not indexed","status":409,"detail":"Wait.","videoId":"v1","videoStatus":"{{status}}"}""";

        Assert.Equal(code, ProblemReader.FromBody(409, "Conflict", body).ExitCode);
    }

    [Fact]
    public void Describe_MapsEachFailureToItsCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var url = new Uri("http://localhost:8080/");
        Assert.Equal(ExitCodes.Unauthorized, CommandRunner.Describe(new ApiException(401, "Unauthorized", "Send X-Api-Key."), url, ct)!.Value.ExitCode);
        Assert.Equal(ExitCodes.Usage, CommandRunner.Describe(new UsageException("Nothing to upload."), url, ct)!.Value.ExitCode);
        Assert.Equal(ExitCodes.Timeout, CommandRunner.Describe(new TimeoutException("late"), url, ct)!.Value.ExitCode);
        Assert.Equal(ExitCodes.Timeout, CommandRunner.Describe(new TaskCanceledException("late", new TimeoutException("100 s")), url, ct)!.Value.ExitCode);
        Assert.Equal(ExitCodes.Unexpected, CommandRunner.Describe(new HttpRequestException("Connection refused"), url, ct)!.Value.ExitCode);
        Assert.Equal(ExitCodes.Unexpected, CommandRunner.Describe(new JsonException("bad"), url, ct)!.Value.ExitCode);
        Assert.Contains("localhost:8080", CommandRunner.Describe(new HttpRequestException("Connection refused"), url, ct)!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BusyRetryPolicy_HonoursRetryAfter_WithinItsCap()
    {
        var policy = new BusyRetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayFor(new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)), now));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayFor(new RetryConditionHeaderValue(TimeSpan.FromHours(1)), now));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayFor(new RetryConditionHeaderValue(now.AddSeconds(10)), now));
        Assert.Equal(TimeSpan.Zero, policy.DelayFor(new RetryConditionHeaderValue(now.AddSeconds(-10)), now));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayFor(null, now));
    }
}
