namespace SparseVila.Gateway.Problems;

/// <summary>
/// A request the Gateway refuses with <see cref="StatusCode"/>, <see cref="Title"/> and the message as the problem's detail
/// (an over-size upload, a body that is not a video, a malformed question). Thrown by handlers and their services,
/// turned into problem+json by <see cref="GatewayExceptionHandler"/>.
/// </summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(int statusCode, string title, string detail, Exception? innerException = null)
        : base(detail, innerException) => (StatusCode, Title) = (statusCode, title);

    public ApiProblemException()
        : this(StatusCodes.Status400BadRequest, "Bad request", "The request is not valid.")
    {
    }

    public ApiProblemException(string message)
        : this(StatusCodes.Status400BadRequest, "Bad request", message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : this(StatusCodes.Status400BadRequest, "Bad request", message, innerException)
    {
    }

    public int StatusCode { get; }

    public string Title { get; }

    /// <summary>Sent as <c>Retry-After</c> (a 429's hint).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A 400 with <paramref name="detail"/>.</summary>
    public static ApiProblemException BadRequest(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);

    /// <summary>A 404 for <paramref name="kind"/> <paramref name="id"/>, the same whether it never existed or is another tenant's.</summary>
    public static ApiProblemException NotFound(string kind, string id) =>
        new(StatusCodes.Status404NotFound, "Not found", $"There is no {kind} '{Shorten(id)}'.");

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "…";
}
