using SparseVila.Cli.Commands;

namespace SparseVila.Cli.Tests.Gateway;

/// <summary>
/// One Gateway for the end-to-end tests, serving the random model, with one API key configured
/// (<c>Auth:ApiKeys:KEY = tenant</c>), and one video uploaded and indexed through the CLI for the tests that ask.
/// </summary>
public sealed class CliGateway(GatewayAssets assets) : IAsyncLifetime
{
    /// <summary>A key as the Gateway accepts them (16 characters or more, no spaces).</summary>
    public const string ApiKey = "cli-test-key-0123456789";

    /// <summary>A limit no healthy run reaches, so a hang fails the test instead of the run.</summary>
    public const string WaitSeconds = "600";

    private CliGatewayFactory? _gateway;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A video the tests may ask about: indexed.</summary>
    public string IndexedVideoId { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _gateway = new CliGatewayFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Inference:ModelFolder"] = assets.ModelFolder,
                [$"Auth:ApiKeys:{ApiKey}"] = "cli-tests",
            },
        };
        Client = _gateway.CreateClient();
        // Event streams last as long as indexing does; the commands' own --timeout bounds them.
        Client.Timeout = Timeout.InfiniteTimeSpan;
        var upload = await RunAsync("upload", assets.VideoPath, "--wait", "--timeout", WaitSeconds);
        if (upload.ExitCode != 0)
        {
            throw new InvalidOperationException($"The shared video was not indexed: {upload}");
        }

        IndexedVideoId = upload.Output.Split('\t')[0];
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    /// <summary>Runs <c>sparsevila ARGS</c> with the configured key in <c>SPARSEVILA_API_KEY</c>.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        CliHarness.RunAsync(Client, new Dictionary<string, string?> { [CliEnvironment.ApiKeyVariable] = ApiKey }, false, args);
}
