using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SparseVila.Browser.Tests;

/// <summary>The web page at <c>/</c> in a real headless Chromium against the real Gateway, its silo and a model.</summary>
public sealed class WebPageTests(WebPageAssets assets) : IClassFixture<WebPageAssets>
{
    private const string VideoName = "shapes.mp4";

    /// <summary>Indexing and answering on two shared cores take seconds; these bound a slow machine, not a normal run.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Indexing = new() { Timeout = 180_000 };

    [Fact(Timeout = 420_000)]
    public async Task UploadByDrop_IndexWithProgress_AskWithStreamedAnswer_EvidenceSeeksThePlayer()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync(assets.Address);
        var page = await chromium.PageAsync();
        try
        {
            await OpenWithKeyAsync(page);

            // Every status the video's entry shows, in order.
            await page.EvaluateAsync("""
                name => {
                  window.statusesSeen = [];
                  new MutationObserver(() => {
                    const entry = [...document.querySelectorAll('.video-item')].find(item => item.querySelector('.video-name')?.textContent === name);
                    const status = entry?.dataset.status;
                    if (status && window.statusesSeen.at(-1) !== status) window.statusesSeen.push(status);
                  }).observe(document.getElementById('video-list'), { subtree: true, childList: true, attributes: true });
                }
                """, VideoName);
            await DropFileAsync(page, await File.ReadAllBytesAsync(assets.VideoPath, TestContext.Current.CancellationToken), VideoName, "video/mp4");

            var video = page.Locator(".video-item", new() { HasText = VideoName });
            await Expect(video).ToHaveAttributeAsync("data-status", "indexed", Indexing);
            var statuses = await page.EvaluateAsync<string[]>("() => window.statusesSeen");
            Assert.Equal(["uploading", "indexing", "indexed"], statuses);
            await Expect(video.Locator(".video-meta")).ToContainTextAsync("0:08");
            await Expect(video.Locator(".video-thumb img")).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await video.Locator(".video-thumb img").EvaluateAsync<int>("img => img.naturalWidth") > 0);

            await video.Locator(".video-main").ClickAsync();
            await Expect(page.Locator("#chat-title")).ToHaveTextAsync(VideoName);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true })).ToBeEnabledAsync();

            // Each change of the answer, to see it grow while it streams.
            await page.EvaluateAsync("""
                () => {
                  window.answerSeen = [];
                  new MutationObserver(() => {
                    const turn = document.querySelector('#transcript .turn:last-child');
                    if (turn) window.answerSeen.push({ state: turn.dataset.state, text: turn.querySelector('.answer-text').textContent });
                  }).observe(document.getElementById('transcript'), { subtree: true, childList: true, characterData: true, attributes: true });
                }
                """);
            await page.GetByLabel("Your question").FillAsync("What colour is the circle?");
            await page.GetByLabel("Your question").PressAsync("Enter");

            var turn = page.Locator("#transcript .turn").Last;
            await Expect(page.Locator("#transcript .turn:is([data-state=done], [data-state=error])")).ToHaveCountAsync(1, new() { Timeout = 120_000 });
            if (await turn.GetAttributeAsync("data-state") == "error")
            {
                Assert.Fail($"The answer failed: {await turn.Locator(".turn-error").TextContentAsync()}");
            }

            var seen = await page.EvaluateAsync<JsonElement>("() => window.answerSeen");
            var states = seen.EnumerateArray().Select(s => (State: s.GetProperty("state").GetString(), Text: s.GetProperty("text").GetString())).ToList();
            var firstDone = states.FindIndex(s => s.State == "done");
            Assert.Contains(states.Take(firstDone), s => s.State == "streaming" && s.Text!.Length > 0);
            await Expect(turn.Locator(".answer-text")).Not.ToBeEmptyAsync();
            await Expect(turn.Locator(".stats")).ToContainTextAsync("visual tokens");

            // The evidence thumbnails are real frames, and one seeks the player to its moment.
            var thumbnails = turn.Locator(".evidence-item img");
            await Expect(thumbnails.First).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.evidence-item img')].every(img => img.complete)");
            var widths = await thumbnails.EvaluateAllAsync<int[]>("images => images.map(image => image.naturalWidth)");
            Assert.All(widths, width => Assert.True(width > 0, "an evidence thumbnail did not load"));

            var latest = turn.Locator(".evidence-item").Last;
            var seconds = double.Parse(await latest.GetAttributeAsync("data-t") ?? "", CultureInfo.InvariantCulture);
            Assert.True(seconds > 0, "the latest evidence is at the start: the seek would prove nothing");
            await latest.ClickAsync();
            await Expect(latest).ToHaveAttributeAsync("aria-pressed", "true");
            await page.WaitForFunctionAsync(
                "t => { const player = document.getElementById('player'); return player.readyState >= 1 && !player.seeking && Math.abs(player.currentTime - t) < 0.01; }",
                seconds);

            Assert.Empty(chromium.Errors);
            await BrowserArtifacts.ScreenshotAsync(page, "web-page");

            // A phone's width: one column, nothing wider than the screen. And the dark palette.
            await page.SetViewportSizeAsync(390, 844);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than a phone");
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-narrow");
            await page.SetViewportSizeAsync(1280, 860);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-dark");
        }
        catch
        {
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-failed");
            throw;
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task DroppedFilesTheGatewayRefuses_ShowTheProblemOnTheirEntries()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync(assets.Address);
        var page = await chromium.PageAsync();
        try
        {
            await OpenWithKeyAsync(page);

            await DropFileAsync(page, "these are notes, not a video"u8.ToArray(), "notes.txt", "text/plain");
            await DropFileAsync(page, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))], "broken.mp4", "video/mp4");

            var notes = page.Locator(".video-item", new() { HasText = "notes.txt" });
            await Expect(notes).ToHaveAttributeAsync("data-status", "rejected");
            await Expect(notes.Locator(".video-error")).ToContainTextAsync("Unsupported media type");
            await Expect(notes.Locator(".video-error")).ToContainTextAsync("text/plain");
            var broken = page.Locator(".video-item", new() { HasText = "broken.mp4" });
            await Expect(broken).ToHaveAttributeAsync("data-status", "rejected");
            await Expect(broken.Locator(".video-error")).ToContainTextAsync("Not a decodable video");

            // A refused upload is only on the page: dismissing it removes it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Dismiss notes.txt" }).ClickAsync();
            await Expect(notes).ToHaveCountAsync(0);
            Assert.Empty(chromium.Errors);
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-refused");
        }
        catch
        {
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-refused-failed");
            throw;
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task DroppedArchive_ListsItsVideosAndSaysWhatItSkipped_AndDeleteRemovesOne()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync(assets.Address);
        var page = await chromium.PageAsync();
        try
        {
            await OpenWithKeyAsync(page);

            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                await archive.CreateEntryFromFileAsync(assets.OtherVideoPath, "trip/day1.mp4", TestContext.Current.CancellationToken);
                await using var notes = await archive.CreateEntry("notes.txt").OpenAsync(TestContext.Current.CancellationToken);
                await notes.WriteAsync("not a video"u8.ToArray(), TestContext.Current.CancellationToken);
            }

            await DropFileAsync(page, zip.ToArray(), "trip.zip", "application/zip");

            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "trip.zip: 1 video added, 1 skipped" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "notes.txt — not a decodable video" })).ToBeVisibleAsync();
            var video = page.Locator(".video-item", new() { HasText = "trip/day1.mp4" });
            await Expect(video).ToHaveAttributeAsync("data-status", "indexed", Indexing);

            // Delete asks first; once confirmed the video is gone, on the page and on the Gateway.
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete trip/day1.mp4" }).ClickAsync();
            await Expect(video).ToHaveCountAsync(0);
            await page.ReloadAsync();
            await Expect(page.Locator("#key-state")).ToHaveTextAsync("Key in use");
            await Expect(page.Locator("#library-empty").Or(page.Locator(".video-item")).First).ToBeVisibleAsync();
            await Expect(video).ToHaveCountAsync(0);
            Assert.Empty(chromium.Errors);
        }
        catch
        {
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-archive-failed");
            throw;
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task VideoUploadedWithoutIndexing_IsIndexedFromItsEntry()
    {
        // Uploaded by another client with index=false: the page lists it as not indexed.
        using (var client = assets.Gateway.CreateClient())
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(assets.ThirdVideoPath, TestContext.Current.CancellationToken));
            content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/videos?name=later.mp4&index=false", UriKind.Relative)) { Content = content };
            request.Headers.Add("X-Api-Key", BrowserGateway.ApiKey);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync(assets.Address);
        var page = await chromium.PageAsync();
        try
        {
            await OpenWithKeyAsync(page);
            var video = page.Locator(".video-item", new() { HasText = "later.mp4" });
            await Expect(video).ToHaveAttributeAsync("data-status", "uploaded");
            await video.Locator(".video-main").ClickAsync();
            await Expect(page.Locator("#chat-subtitle")).ToContainTextAsync("not indexed");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true })).ToBeDisabledAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Index later.mp4" }).ClickAsync();

            await Expect(video).ToHaveAttributeAsync("data-status", "indexed", Indexing);
            await Expect(page.Locator("#chat-subtitle")).ToContainTextAsync("Indexed");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true })).ToBeEnabledAsync();
            Assert.Empty(chromium.Errors);
        }
        catch
        {
            await BrowserArtifacts.ScreenshotAsync(page, "web-page-index-later-failed");
            throw;
        }
    }

    /// <summary>Opens the page; without a key the Gateway refuses and the page says so; then the key is entered.</summary>
    private static async Task OpenWithKeyAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "API key required" })).ToBeVisibleAsync();
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync(BrowserGateway.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(page.Locator("#key-state")).ToHaveTextAsync("Key in use");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    /// <summary>Drops a file on the drop zone as a person's drag and drop does: dragenter, dragover, drop with its DataTransfer.</summary>
    private static async Task DropFileAsync(IPage page, byte[] bytes, string name, string mediaType)
    {
        await page.EvaluateAsync("""
            ({ name, type, base64 }) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type }));
              const zone = document.getElementById('drop-zone');
              for (const kind of ['dragenter', 'dragover', 'drop']) {
                zone.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
              }
            }
            """, new { name, type = mediaType, base64 = Convert.ToBase64String(bytes) });
    }
}
