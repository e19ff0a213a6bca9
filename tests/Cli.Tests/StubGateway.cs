using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace SparseVila.Cli.Tests;

/// <summary>A Gateway stand-in: answers each request with what a test's function returns, and records the requests.</summary>
internal sealed class StubGateway(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public ConcurrentQueue<(HttpMethod Method, string PathAndQuery, string? ApiKey, string? Accept, long? ContentLength)> Requests { get; } = new();

    public HttpClient CreateClient() => new(this) { BaseAddress = new Uri("http://stub/") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.TryGetValues("X-Api-Key", out var keys) ? keys.Single() : null;
        long? length = null;
        if (request.Content is not null)
        {
            // Drains the body as a server would, through the content's own streaming.
            using var sink = new MemoryStream();
            await request.Content.CopyToAsync(sink, cancellationToken);
            length = sink.Length;
        }

        Requests.Enqueue((request.Method, request.RequestUri!.PathAndQuery, key, request.Headers.Accept.ToString(), length));
        return answer(request);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string detail) =>
        new(status)
        {
            Content = new StringContent(
                $$"""{"type":"about:blank","title":"{{title}}","status":{{(int)status}},"detail":"{{detail}}"}""", Encoding.UTF8, "application/problem+json"),
        };

    public static HttpResponseMessage Events(params (string Type, string Data)[] events)
    {
        var text = string.Concat(events.Select(e => $"event: {e.Type}\ndata: {e.Data}\n\n"));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(": hello\n\n" + text, Encoding.UTF8, "text/event-stream") };
    }

    public static string Video(string id, string name, string status, double fraction = 0, string? error = null) =>
        $$"""
        {"id":"{{id}}","name":"{{name}}","status":"{{status}}","progress":{"fraction":{{fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"framesDone":1,"framesTotal":4},
         "error":{{(error is null ? "null" : $"\"{error}\"")}},"durationSeconds":8,"sizeBytes":3,"createdAt":"2026-11-24T10:00:00+00:00",
         "links":{"self":"/api/videos/{{id}}"} }
        """.ReplaceLineEndings(string.Empty);
}
