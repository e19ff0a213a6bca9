namespace SparseVila.Gateway.Problems;

/// <summary>Writes a problem response whatever the request's <c>Accept</c> says.</summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>
    /// Writes <paramref name="context"/>'s problem through the problem-details service, or, when that declines because the
    /// request accepts no JSON (an EventSource sends <c>Accept: text/event-stream</c> only), as problem+json anyway: an
    /// error must never turn into a bare 500 because of what the client said it prefers.
    /// </summary>
    public static async Task WriteAsync(IProblemDetailsService problems, ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(context);
        if (!await problems.TryWriteAsync(context).ConfigureAwait(false))
        {
            await context.HttpContext.Response.WriteAsJsonAsync(context.ProblemDetails, options: null, contentType: ContentType).ConfigureAwait(false);
        }
    }
}
