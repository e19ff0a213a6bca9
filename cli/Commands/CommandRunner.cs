using System.CommandLine;
using System.Net.Http;
using System.Text.Json;
using SparseVila.Cli.Http;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Commands;

/// <summary>
/// Gives a command its action: builds the session from the connection options, runs the command, and turns what
/// can go wrong into a message on standard error and an exit code (<see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public static class CommandRunner
{
    public static void SetAction(
        Command command, CliEnvironment environment, ConnectionOptions connection, Func<CliSession, ParseResult, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(run);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new CliConsole(environment.Out, environment.Error);
            Uri? url = null;
            try
            {
                url = connection.ResolveUrl(parse, environment);
                var api = new ApiClient(environment.Http, url, connection.ResolveApiKey(parse, environment), environment.Busy, environment.Error);
                return await run(new CliSession(api, console), parse, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (Describe(error, url, cancellationToken) is { } failure)
            {
                console.WriteError(failure.Message);
                return failure.ExitCode;
            }
        });
    }

    /// <summary>The message and exit code for <paramref name="error"/>; null only for what no command should catch.</summary>
    public static (string Message, int ExitCode)? Describe(Exception error, Uri? url, CancellationToken cancellationToken) => error switch
    {
        ApiException e => (e.Describe(), e.ExitCode),
        UsageException e => (e.Message, ExitCodes.Usage),
        TimeoutException e => (e.Message, ExitCodes.Timeout),
        // HttpClient.Timeout elapsing.
        OperationCanceledException { InnerException: TimeoutException inner } => ($"The Gateway did not answer in time: {inner.Message}", ExitCodes.Timeout),
        OperationCanceledException when cancellationToken.IsCancellationRequested => ("cancelled", ExitCodes.Unexpected),
        HttpRequestException e => ($"cannot reach the Gateway at {url}: {e.Message}", ExitCodes.Unexpected),
        JsonException e => ($"the Gateway's answer was not understood: {e.Message}", ExitCodes.Unexpected),
        IOException or UnauthorizedAccessException => (error.Message, ExitCodes.Unexpected),
        OutOfMemoryException => null,
        _ => ($"unexpected {error.GetType().Name}: {error.Message}", ExitCodes.Unexpected),
    };
}
