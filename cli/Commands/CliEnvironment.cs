using Spectre.Console;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Commands;

/// <summary>
/// What the commands run against: standard output as a Spectre console, standard error, the HTTP client that reaches
/// the Gateway, and the environment variables. The process passes its own; tests pass captured writers and an in-memory
/// Gateway's client.
/// </summary>
public sealed record CliEnvironment(IAnsiConsole Out, TextWriter Error, HttpClient Http, Func<string, string?> Variable)
{
    /// <summary>The variable naming the Gateway's address.</summary>
    public const string UrlVariable = "SPARSEVILA_URL";

    /// <summary>The variable holding the API key.</summary>
    public const string ApiKeyVariable = "SPARSEVILA_API_KEY";

    /// <summary>The Gateway's address when neither <c>--url</c> nor <see cref="UrlVariable"/> names one.</summary>
    public static Uri DefaultUrl { get; } = new("http://localhost:8080/");

    /// <summary>How requests refused as busy are tried again.</summary>
    public BusyRetryPolicy Busy { get; init; } = BusyRetryPolicy.Default;

    /// <summary>How long Ctrl+C waits for a command to stop; null leaves the process's signals alone (tests).</summary>
    public TimeSpan? ProcessTerminationTimeout { get; init; }
}
