using System.CommandLine;
using System.CommandLine.Parsing;

namespace SparseVila.Cli.Commands;

/// <summary>
/// <c>--url</c> and <c>--api-key</c>, accepted by every command. Their defaults come from the environment when the
/// command runs (not shown in help, so a key never appears on screen).
/// </summary>
public sealed class ConnectionOptions
{
    public Option<Uri?> Url { get; } = new("--url")
    {
        Description = $"The Gateway's address [default: ${CliEnvironment.UrlVariable}, else {CliEnvironment.DefaultUrl.AbsoluteUri.TrimEnd('/')}]",
        Recursive = true,
        CustomParser = ParseUrl,
        HelpName = "URL",
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key, sent as X-Api-Key [default: ${CliEnvironment.ApiKeyVariable}]",
        Recursive = true,
        HelpName = "KEY",
    };

    /// <summary>The address in effect: <c>--url</c>, else the variable, else the default.</summary>
    public Uri ResolveUrl(ParseResult parse, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        if (parse.GetValue(Url) is { } url)
        {
            return url;
        }

        var variable = environment.Variable(CliEnvironment.UrlVariable);
        if (string.IsNullOrWhiteSpace(variable))
        {
            return CliEnvironment.DefaultUrl;
        }

        return TryParseUrl(variable) ?? throw new UsageException($"{CliEnvironment.UrlVariable} is not an http or https URL: '{variable}'.");
    }

    /// <summary>The key in effect: <c>--api-key</c>, else the variable, else none.</summary>
    public string? ResolveApiKey(ParseResult parse, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        var key = parse.GetValue(ApiKey) ?? environment.Variable(CliEnvironment.ApiKeyVariable);
        return string.IsNullOrEmpty(key) ? null : key;
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (TryParseUrl(text) is { } url)
        {
            return url;
        }

        result.AddError($"--url must be an http or https URL, like http://localhost:8080; got '{text}'.");
        return null;
    }

    private static Uri? TryParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;
}
