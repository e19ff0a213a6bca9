using Microsoft.Playwright;

namespace SparseVila.Browser.Tests;

/// <summary>Screenshots in <c>artifacts/browser/</c> of the repository (and attached to the test's result).</summary>
internal static class BrowserArtifacts
{
    public static string Folder { get; } = FindFolder();

    /// <summary>Saves a full-page screenshot as <paramref name="name"/>.png; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder, $"{name}.png");
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        TestContext.Current.AddAttachment($"{name}.png", png, "image/png");
        return path;
    }

    private static string FindFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SparseVila.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "browser");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
