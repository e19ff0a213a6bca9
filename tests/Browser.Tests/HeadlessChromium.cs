using Microsoft.Playwright;

namespace SparseVila.Browser.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (through the node driver the NuGet package ships; no browser is downloaded):
/// headless, a fresh profile folder, the page's uncaught errors and console errors collected.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian installs chromium; <c>SPARSEVILA_CHROMIUM</c> names another.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        // Root in a container has no user namespaces for the sandbox.
        "--no-sandbox", "--disable-gpu",
        // Nothing outside the machine is reachable, and nothing should be tried.
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly IPlaywright _playwright;
    private readonly DirectoryInfo _profile;
    private readonly List<string> _errors = [];

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, DirectoryInfo profile)
    {
        (_playwright, Context, _profile) = (playwright, context, profile);
        Context.Page += (_, page) => Watch(page);
        foreach (var page in Context.Pages)
        {
            Watch(page);
        }
    }

    public IBrowserContext Context { get; }

    /// <summary>Uncaught exceptions and console errors of the pages, except failed resource loads (an expected 401 logs one).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<HeadlessChromium> LaunchAsync(Uri baseAddress)
    {
        var executable = Environment.GetEnvironmentVariable("SPARSEVILA_CHROMIUM") is { Length: > 0 } named ? named : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium is not at {executable}: install it (apt-get install chromium; scripts/test.sh does) or name it in SPARSEVILA_CHROMIUM.");
        }

        // The Gateway probes uploads with ffmpeg and indexes on two shared cores: expectations wait up to 30 s, not 5.
        Assertions.SetDefaultExpectTimeout(30_000);
        var profile = Directory.CreateTempSubdirectory("sparsevila-chromium-");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
                BaseURL = baseAddress.ToString(),
                ViewportSize = new() { Width = 1280, Height = 860 },
                Timeout = 60_000,
            });
            context.SetDefaultTimeout(30_000);
            return new HeadlessChromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The page the profile opened with.</summary>
    public async Task<IPage> PageAsync() => Context.Pages.Count > 0 ? Context.Pages[0] : await Context.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        _profile.Delete(recursive: true);
    }

    private void Watch(IPage page)
    {
        page.PageError += (_, error) => Record($"uncaught: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Record($"console: {message.Text}");
            }
        };
    }

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
