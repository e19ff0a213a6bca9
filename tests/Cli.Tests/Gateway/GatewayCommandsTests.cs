using System.Formats.Tar;
using System.Net.Http.Json;
using System.Text.Json;
using SparseVila.Cli.Commands;

namespace SparseVila.Cli.Tests.Gateway;

/// <summary>The commands in-process against the real Gateway (its in-process silo and a random demo-architecture model).</summary>
public sealed class GatewayCommandsTests(GatewayAssets assets, CliGateway gateway) : IClassFixture<CliGateway>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-cli-e2e-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task UploadFolderWait_IndexesEveryVideoInside_AndListShowsThem()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, "clips")).FullName;
        File.Copy(assets.VideoPath, Path.Combine(folder, "a.mp4"));
        Directory.CreateDirectory(Path.Combine(folder, "more"));
        File.Copy(assets.OtherVideoPath, Path.Combine(folder, "more", "b.mp4"));
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not a video", TestContext.Current.CancellationToken);

        var upload = await gateway.RunAsync("upload", folder, "--wait", "--parallel", "2", "--timeout", CliGateway.WaitSeconds);

        Assert.True(upload.ExitCode == 0, upload.ToString());
        var rows = Rows(upload.Output);
        Assert.Equal(["a.mp4", "more/b.mp4"], rows.Select(r => r[1]));
        Assert.All(rows, r => Assert.Equal("indexed", r[2]));
        Assert.Equal(["a.mp4: indexed", "more/b.mp4: indexed"], Lines(upload.Error).Where(l => l.EndsWith(": indexed", StringComparison.Ordinal)).Order());
        var list = await gateway.RunAsync("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        foreach (var row in rows)
        {
            Assert.Contains(Rows(list.Output), listed => listed[0] == row[0] && listed[2] == "indexed");
            var show = await gateway.RunAsync("show", row[0]);
            Assert.Contains("status: indexed", show.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ask_StreamedAnswer_EqualsTheJsonAnswer_AndTheConversationContinues()
    {
        const string question = "what color is the circle at second 2?";

        var json = await gateway.RunAsync("ask", "--video", gateway.IndexedVideoId, "--max-new-tokens", "8", "--json", question);
        var streamed = await gateway.RunAsync("ask", "--video", gateway.IndexedVideoId, "--max-new-tokens", "8", question);

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(streamed.ExitCode == 0, streamed.ToString());
        using var answer = JsonDocument.Parse(json.Output);
        var text = answer.RootElement.GetProperty("answer").GetString()!;
        var lines = streamed.Output.ReplaceLineEndings("\n");
        Assert.StartsWith(text + "\nevidence: " + gateway.IndexedVideoId + " at ", lines, StringComparison.Ordinal);
        Assert.Contains("\nstats: ", lines, StringComparison.Ordinal);
        var conversationId = Lines(lines).Single(l => l.StartsWith("conversation: ", StringComparison.Ordinal))["conversation: ".Length..];

        var followUp = await gateway.RunAsync("ask", "--conversation", conversationId, "--max-new-tokens", "8", "and the square?");

        Assert.True(followUp.ExitCode == 0, followUp.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{conversationId}");
        request.Headers.Add("X-Api-Key", CliGateway.ApiKey);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var history = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var turns = history.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal([question, "and the square?"], turns.Select(t => t.GetProperty("question").GetString()));
        Assert.Equal(text, turns[0].GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Upload_FilesThatAreNotVideos_AreExitCode4_WithTheProblemTitle()
    {
        var text = Path.Combine(_folder.FullName, "notes.txt");
        var fake = Path.Combine(_folder.FullName, "fake.mp4");
        await File.WriteAllTextAsync(text, "not a video at all", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(fake, "not a video either", TestContext.Current.CancellationToken);

        var result = await gateway.RunAsync("upload", text, fake);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var rows = Rows(result.Output);
        Assert.Equal(["notes.txt", "fake.mp4"], rows.Select(r => r[1]).Order().Reverse());
        Assert.All(rows, r => Assert.Equal(["-", "refused"], [r[0], r[2]]));
        Assert.All(rows, r => Assert.StartsWith("Not a decodable video (HTTP 422): ", r[3], StringComparison.Ordinal));
        Assert.Contains("error: notes.txt: refused: Not a decodable video (HTTP 422): ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadArchive_MakesAVideoOfEachVideoEntry_AndReportsTheSkippedOnes()
    {
        var archive = Path.Combine(_folder.FullName, "videos.tar");
        await using (var tar = new TarWriter(File.Create(archive)))
        {
            await tar.WriteEntryAsync(assets.VideoPath, "trip/day1.mp4", TestContext.Current.CancellationToken);
            var notes = new PaxTarEntry(TarEntryType.RegularFile, "notes.txt") { DataStream = new MemoryStream("hello"u8.ToArray()) };
            await tar.WriteEntryAsync(notes, TestContext.Current.CancellationToken);
        }

        var result = await gateway.RunAsync("upload", "--no-index", archive);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var rows = Rows(result.Output);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["trip/day1.mp4", "uploaded"], rows[0][1..3]);
        Assert.Equal(["-", "videos.tar: notes.txt", "skipped"], rows[1][..3]);
        var show = await gateway.RunAsync("show", rows[0][0]);
        Assert.Contains("status: uploaded", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheVideo_ThenItIsNotFound()
    {
        var upload = await gateway.RunAsync("upload", "--no-index", assets.OtherVideoPath);
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var id = Rows(upload.Output).Single()[0];

        var delete = await gateway.RunAsync("delete", id);
        var show = await gateway.RunAsync("show", id);

        Assert.Equal((0, $"deleted {id}"), (delete.ExitCode, delete.Output.Trim()));
        Assert.Equal(ExitCodes.NotFound, show.ExitCode);
    }

    [Theory]
    [InlineData("show", "0123456789abcdef0123456789abcdef")]
    [InlineData("wait", "0123456789abcdef0123456789abcdef", "--timeout", "60")]
    [InlineData("delete", "0123456789abcdef0123456789abcdef")]
    [InlineData("ask", "--conversation", "0123456789abcdef0123456789abcdef", "what?")]
    [InlineData("ask", "--video", "0123456789abcdef0123456789abcdef", "what?")]
    public async Task UnknownId_IsExitCode3(params string[] args)
    {
        var result = await gateway.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        Assert.Contains("(HTTP 404)", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--api-key", "wrong-key")]
    [InlineData]
    public async Task WrongOrMissingKey_IsExitCode5_WithTheProblemTitle(params string[] key)
    {
        var result = await CliHarness.RunAsync(gateway.Client, new Dictionary<string, string?>(), false, ["list", .. key]);

        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 401): Send a valid API key in the X-Api-Key header.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    private static List<string[]> Rows(string output) => [.. Lines(output).Select(line => line.Split('\t'))];

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
