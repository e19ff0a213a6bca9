using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SparseVila.Cli.Uploads;

namespace SparseVila.Cli.Http;

/// <summary>
/// The Gateway's HTTP API (docs/api.md) as typed calls. Every request carries the API key; a refusal becomes an
/// <see cref="ApiException"/> with the problem's title and detail; a 429 is tried again after its <c>Retry-After</c>
/// (<see cref="BusyRetryPolicy"/>); a request that waits on no stream gives up after <see cref="RequestTimeout"/>.
/// </summary>
public sealed class ApiClient(HttpClient http, Uri gateway, string? apiKey, BusyRetryPolicy busy, TextWriter log)
{
    public const string ApiKeyHeader = "X-Api-Key";

    private const string EventStream = "text/event-stream";
    private const string ProblemJson = "application/problem+json";

    /// <summary>How long a plain request (not an upload, not a stream) may take to answer.</summary>
    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(100);

    // Relative paths resolve under the address's path only when it ends in a slash (http://host/prefix/).
    private readonly Uri _gateway = gateway.AbsoluteUri.EndsWith('/') ? gateway : new Uri(gateway.AbsoluteUri + "/");

    /// <summary>The Gateway's address.</summary>
    public Uri Gateway => _gateway;

    public async Task<Video> UploadVideoAsync(UploadItem item, bool index, IProgress<long>? sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var uri = $"api/videos?name={Uri.EscapeDataString(item.Name)}&index={(index ? "true" : "false")}";
        return await SendForJsonAsync(() => Upload(uri, item, sent), ApiJson.Default.Video, timeout: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ArchiveImport> UploadArchiveAsync(UploadItem item, bool index, IProgress<long>? sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var uri = $"api/archives?index={(index ? "true" : "false")}";
        return await SendForJsonAsync(() => Upload(uri, item, sent), ApiJson.Default.ArchiveImport, timeout: null, cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<Video> GetVideoAsync(string id, CancellationToken cancellationToken) =>
        SendForJsonAsync(() => Get(VideoPath(id)), ApiJson.Default.Video, RequestTimeout, cancellationToken);

    /// <summary>The body of a GET, as the Gateway sent it (for <c>--json</c>).</summary>
    public async Task<string> GetRawJsonAsync(string relativeUri, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Get(relativeUri), HttpCompletionOption.ResponseContentRead, RequestTimeout, cancellationToken)
            .ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of the tenant's videos, newest first.</summary>
    public Task<VideoPage> ListVideosAsync(int limit, string? after, CancellationToken cancellationToken) =>
        SendForJsonAsync(() => Get(VideoListPath(limit, after)), ApiJson.Default.VideoPage, RequestTimeout, cancellationToken);

    public async Task DeleteVideoAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Resolve(VideoPath(id))), HttpCompletionOption.ResponseContentRead,
            RequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The video now and at every change until it is indexed or failed (<c>GET /api/videos/{id}/events</c>).</summary>
    public async IAsyncEnumerable<Video> FollowVideoAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Get(VideoPath(id) + "/events", EventStream), HttpCompletionOption.ResponseHeadersRead,
            RequestTimeout, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var message in SseReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if (message.Type == "video")
                {
                    yield return Deserialize(message.Data, ApiJson.Default.Video);
                }
            }
        }
    }

    public Task<ConversationCreated> StartConversationAsync(IReadOnlyList<string> videoIds, CancellationToken cancellationToken) =>
        SendForJsonAsync(() => Post("api/conversations", JsonContent.Create(new StartConversationRequest(videoIds), ApiJson.Default.StartConversationRequest)),
            ApiJson.Default.ConversationCreated, RequestTimeout, cancellationToken);

    /// <summary>Asks and returns the answer's JSON as the Gateway sent it (for <c>--json</c>).</summary>
    public async Task<string> AskForJsonAsync(string conversationId, AskRequest question, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => AskMessage(conversationId, question, "application/json"), HttpCompletionOption.ResponseContentRead,
            timeout: null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks and yields the answer as it is generated. An <c>error</c> event becomes an <see cref="ApiException"/>; a stream
    /// that ends before <c>done</c> is an error too.
    /// </summary>
    public async IAsyncEnumerable<AnswerEvent> AskStreamingAsync(
        string conversationId, AskRequest question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => AskMessage(conversationId, question, EventStream), HttpCompletionOption.ResponseHeadersRead,
            timeout: null, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType != EventStream)
        {
            // A Gateway that answers whole is still understood.
            var whole = await response.Content.ReadFromJsonAsync(ApiJson.Default.AnswerResult, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("The answer was empty.");
            yield return new AnswerToken(whole.Answer);
            yield return new AnswerEvidence(whole.Evidence);
            yield return new AnswerDone(whole);
            yield break;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var message in SseReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                switch (message.Type)
                {
                    case "token":
                        yield return new AnswerToken(Deserialize(message.Data, ApiJson.Default.TokenData).Text);
                        break;
                    case "evidence":
                        yield return new AnswerEvidence(Deserialize(message.Data, ApiJson.Default.IReadOnlyListEvidence));
                        break;
                    case "done":
                        yield return new AnswerDone(Deserialize(message.Data, ApiJson.Default.AnswerResult));
                        yield break;
                    case "error":
                        throw ProblemReader.FromBody(ProblemReader.TryParse(message.Data)?.Status ?? 500, "Answer failed", message.Data);
                    default:
                        break;
                }
            }
        }

        throw new ApiException(0, "Answer cut short", "The Gateway's answer stream ended before the answer was complete.");
    }

    /// <summary>A path under the API for a video.</summary>
    public static string VideoPath(string id) => $"api/videos/{Uri.EscapeDataString(id)}";

    public static string VideoListPath(int limit, string? after) =>
        $"api/videos?limit={limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}" + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");

    private async Task<T> SendForJsonAsync<T>(Func<HttpRequestMessage> request, JsonTypeInfo<T> type, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The Gateway answered {(int)response.StatusCode} with an empty body.");
    }

    /// <summary>
    /// Sends what <paramref name="create"/> makes (again after a 429, as many times as the policy allows) and returns a
    /// successful response; anything else is thrown as an <see cref="ApiException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, HttpCompletionOption completion, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout is { } limit)
            {
                deadline.CancelAfter(limit);
            }

            using var request = create();
            if (apiKey is not null)
            {
                request.Headers.Add(ApiKeyHeader, apiKey);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, completion, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The Gateway at {_gateway} did not answer within {timeout!.Value.TotalSeconds:0} s.");
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < busy.MaxRetries)
                {
                    var delay = busy.DelayFor(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
                    await log.WriteLineAsync(
                        $"busy (HTTP 429): trying again in {delay.TotalSeconds:0.#} s ({attempt + 1} of {busy.MaxRetries})".AsMemory(), cancellationToken).ConfigureAwait(false);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private HttpRequestMessage Get(string relativeUri, string accept = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Resolve(relativeUri));
        Accept(request, accept);
        return request;
    }

    /// <summary>
    /// Asks for <paramref name="mediaType"/>, and for a problem too: a refusal of a stream request is a problem+json
    /// response, and a server may only write one to a client that says it accepts it.
    /// </summary>
    private static void Accept(HttpRequestMessage request, string mediaType)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        if (mediaType == EventStream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemJson, 0.9));
        }
    }

    private HttpRequestMessage Post(string relativeUri, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Resolve(relativeUri)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private HttpRequestMessage AskMessage(string conversationId, AskRequest question, string accept)
    {
        var content = JsonContent.Create(question, ApiJson.Default.AskRequest);
        var request = new HttpRequestMessage(HttpMethod.Post, Resolve($"api/conversations/{Uri.EscapeDataString(conversationId)}/messages")) { Content = content };
        Accept(request, accept);
        return request;
    }

    /// <summary>
    /// A video named by its extension goes as the raw body with its media type; an archive likewise; a file whose type
    /// is unknown goes as the multipart field <c>file</c>, so the Gateway judges its bytes (docs/api.md). The request
    /// expects 100-continue, so a Gateway that refuses from the headers alone (413 for the declared length) does so
    /// before the file is sent.
    /// </summary>
    private HttpRequestMessage Upload(string relativeUri, UploadItem item, IProgress<long>? sent)
    {
        var file = new FileUploadContent(item.Path, item.MediaType, sent);
        HttpContent body = item.MediaType is not null ? file : new MultipartFormDataContent { { file, "file", Path.GetFileName(item.Path) } };
        var request = Post(relativeUri, body);
        request.Headers.ExpectContinue = true;
        return request;
    }

    private Uri Resolve(string relativeUri) => new(_gateway, relativeUri);

    private static T Deserialize<T>(string json, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(json, type) ?? throw new JsonException($"Expected {typeof(T).Name}, got null.");
}
