using System.Text;
using System.Text.Json;

namespace SparseVila.Gateway.ServerSentEvents;

/// <summary>
/// Writes <c>text/event-stream</c> by hand (not TypedResults.ServerSentEvents) because the API needs what that result does
/// not do: keep-alive comments while nothing happens, and an <c>error</c> event after the stream has begun. Each event
/// is flushed at once.
/// </summary>
public sealed class ServerSentEventWriter
{
    public const string ContentType = "text/event-stream";

    private readonly HttpResponse _response;
    private readonly JsonSerializerOptions _json;

    private ServerSentEventWriter(HttpResponse response, JsonSerializerOptions json) => (_response, _json) = (response, json);

    /// <summary>Whether the request asks for an event stream (its <c>Accept</c> names <c>text/event-stream</c>).</summary>
    public static bool IsWanted(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Accept.Any(value => value?.Contains(ContentType, StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>Starts the stream: status 200, the event-stream headers, no buffering.</summary>
    public static async Task<ServerSentEventWriter> StartAsync(HttpContext context, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        return new ServerSentEventWriter(response, json);
    }

    /// <summary>Writes the event <paramref name="name"/> with <paramref name="data"/> as one line of JSON.</summary>
    public async Task WriteEventAsync<T>(string name, T data, CancellationToken cancellationToken)
    {
        // JSON has no raw newlines (they are escaped in strings), so the data is always one `data:` line.
        var text = $"event: {name}\ndata: {JsonSerializer.Serialize(data, _json)}\n\n";
        await WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A comment line: ignored by clients, keeps idle connections open through proxies.</summary>
    public Task WriteKeepAliveAsync(CancellationToken cancellationToken) => WriteAsync(": keep-alive\n\n", cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await _response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
