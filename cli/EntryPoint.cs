using System.Net.Http.Headers;
using Spectre.Console;
using SparseVila.Cli.Commands;

namespace SparseVila.Cli;

/// <summary>The process: standard output as a Spectre console (plain when redirected), one HttpClient, the real environment.</summary>
public static class EntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        // Uploads and event streams run as long as they need; plain requests have their own limit (ApiClient.RequestTimeout).
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("sparsevila-cli", typeof(EntryPoint).Assembly.GetName().Version?.ToString(3)));
        var environment = new CliEnvironment(console, Console.Error, http, Environment.GetEnvironmentVariable)
        {
            ProcessTerminationTimeout = TimeSpan.FromSeconds(2),
        };
        return await SparseVilaCli.RunAsync(args, environment).ConfigureAwait(false);
    }
}
