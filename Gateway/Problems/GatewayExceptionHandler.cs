using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using SparseVila.Contracts.Errors;

namespace SparseVila.Gateway.Problems;

/// <summary>
/// Turns the exceptions a request can meet into problem+json: the Gateway's own refusals, the grains' typed errors
/// (not found 404, not indexed 409, busy 429 with Retry-After), bodies that are not the JSON a request takes (400) and
/// argument errors from the grains (400). Anything else is left to the default 500 handler.
/// </summary>
public sealed partial class GatewayExceptionHandler(IProblemDetailsService problems, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (ToProblem(exception) is not { } problem)
        {
            return false;
        }

        if (problem.RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            LogRefused(problem.Status, problem.Title, httpContext.Request.Method, httpContext.Request.Path.Value ?? string.Empty);
        }
        httpContext.Response.StatusCode = problem.Status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = problem.Status, Title = problem.Title, Detail = problem.Detail },
        };
        foreach (var (key, value) in problem.Extensions)
        {
            context.ProblemDetails.Extensions[key] = value;
        }

        await ProblemResponses.WriteAsync(problems, context).ConfigureAwait(false);
        return true;
    }

    /// <summary>The problem <paramref name="exception"/> stands for, or null when it is not a client's error.</summary>
    public static ApiProblem? ToProblem(Exception exception) => exception switch
    {
        ApiProblemException e => new(e.StatusCode, e.Title, e.Message) { RetryAfterSeconds = e.RetryAfterSeconds },
        ResourceNotFoundException e => new(StatusCodes.Status404NotFound, "Not found", e.Message),
        VideoNotReadyException e => new(StatusCodes.Status409Conflict, "Video not indexed", $"{e.Message} Wait until it is indexed, then ask again.")
        {
            Extensions = [new("videoId", e.VideoId), new("videoStatus", e.Status.ToString().ToLowerInvariant())],
        },
        ServiceBusyException e => new(StatusCodes.Status429TooManyRequests, "Busy", e.Message) { RetryAfterSeconds = Math.Max(1, e.RetryAfterSeconds) },
        BadHttpRequestException { InnerException: JsonException json } => new(StatusCodes.Status400BadRequest, "Malformed JSON",
            $"The body is not the JSON this request takes: {json.Message}"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => new(StatusCodes.Status413PayloadTooLarge, "Upload too large", e.Message),
        BadHttpRequestException e => new(e.StatusCode, "Bad request", e.Message),
        ArgumentException e => new(StatusCodes.Status400BadRequest, "Bad request", e.Message),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} with {Status}: {Title}")]
    private partial void LogRefused(int status, string title, string method, string path);
}
