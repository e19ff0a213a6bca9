namespace SparseVila.Cli;

/// <summary>
/// The process exit codes scripts can rely on (also in <c>--help</c> and docs/cli.md). When several things went wrong in
/// one command (a bulk upload, a wait on many videos), the highest code wins.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Refused = 4;
    public const int Unauthorized = 5;
    public const int Busy = 6;
    public const int Timeout = 7;

    /// <summary>Each code with what it means, in order.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Meanings { get; } =
    [
        (Success, "success"),
        (Unexpected, "unexpected error (the Gateway could not be reached, answered 5xx, or something else went wrong)"),
        (Usage, "usage error: bad arguments or options, or a request the Gateway found malformed (400)"),
        (NotFound, "not found: no such video or conversation for this API key (404)"),
        (Refused, "a video failed indexing, a file was refused (413, 415, 422, an empty file) or an archive entry was skipped"),
        (Unauthorized, "a missing or unknown API key (401)"),
        (Busy, "the Gateway stayed busy (429) after honouring Retry-After a few times"),
        (Timeout, "timed out (wait --timeout, or the Gateway did not answer in time)"),
    ];

    /// <summary>The code for a refusal with HTTP status <paramref name="status"/>.</summary>
    public static int ForStatus(int status) => status switch
    {
        400 => Usage,
        401 or 403 => Unauthorized,
        404 or 410 => NotFound,
        413 or 415 or 422 => Refused,
        429 => Busy,
        408 or 504 => Timeout,
        _ => Unexpected,
    };

    /// <summary>Two outcomes as one: the higher code (success only when both succeeded).</summary>
    public static int Combine(int first, int second) => Math.Max(first, second);
}
