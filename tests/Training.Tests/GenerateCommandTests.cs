using System.CommandLine;
using System.Text.Json;
using SparseVila.Training.Generation;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public async Task Generate_WritesNVideos_AndAQaLinePerVideo_ThatMatchesTheVideos()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var output = new StringWriter();

        var exitCode = await InvokeAsync(["generate", "--out", folder.Path, "--videos", "3", "--seed", "11", "--max-seconds", "10",
            "--min-size", "128", "--max-size", "160", "--max-fps", "3", "--codec", "mixed"], output, new StringWriter(), ct);

        Assert.Equal(0, exitCode);
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder.Path, "qa.jsonl"), ct);
        Assert.Equal(3, lines.Length);
        Assert.Equal(4, Directory.GetFiles(folder.Path).Length);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var video = Path.Combine(folder.Path, root.GetProperty("video").GetString()!);
            var facts = await FfmpegTools.ProbeAsync(video, ct);
            Assert.Equal(root.GetProperty("codec").GetString(), facts.Codec);
            Assert.Equal(root.GetProperty("width_pixels").GetInt32(), facts.WidthPixels);
            Assert.Equal(root.GetProperty("height_pixels").GetInt32(), facts.HeightPixels);
            Assert.Equal($"{root.GetProperty("frames_per_second").GetInt32()}/1", facts.AverageFrameRate);
            Assert.Equal(root.GetProperty("duration_seconds").GetInt32(), facts.DurationSeconds, 0.05);
            Assert.InRange(root.GetProperty("duration_seconds").GetInt32(), 8, 10);

            var scene = ShapesJson.Deserialize<Scene>(root.GetProperty("scene").GetRawText());
            var questions = root.GetProperty("questions").EnumerateArray().ToList();
            Assert.Equal(4, questions.Count);
            foreach (var question in questions)
            {
                var (_, allowed, answer) = QuestionOracle.Judge(scene, question.GetProperty("text").GetString()!);
                Assert.True(allowed);
                Assert.Equal(answer, question.GetProperty("answer").GetString());
                Assert.Contains(question.GetProperty("type").GetString(), new[] { "color", "shape", "where", "count", "first_appearance" });
            }
        }

        Assert.Contains("wrote 3 videos", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameSeed_WritesTheSameQaFile()
    {
        var ct = TestContext.Current.CancellationToken;
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        string[] options = ["--videos", "2", "--seed", "5", "--max-seconds", "8", "--max-size", "128", "--max-fps", "2", "--codec", "h264"];

        Assert.Equal(0, await InvokeAsync(["generate", "--out", first.Path, .. options], new StringWriter(), new StringWriter(), ct));
        Assert.Equal(0, await InvokeAsync(["generate", "--out", second.Path, .. options], new StringWriter(), new StringWriter(), ct));

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(first.Path, "qa.jsonl"), ct), await File.ReadAllTextAsync(Path.Combine(second.Path, "qa.jsonl"), ct));
    }

    [Theory]
    [InlineData("--max-seconds", "65")]
    [InlineData("--min-size", "100")]
    [InlineData("--min-fps", "1")]
    [InlineData("--videos", "0")]
    public async Task OptionsOutsideTheTask_ExitWithOne_AndSayWhy(string option, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var error = new StringWriter();

        var arguments = new Dictionary<string, string> { ["--out"] = folder.Path, ["--videos"] = "1", ["--seed"] = "1" };
        arguments[option] = value;

        var exitCode = await InvokeAsync(["generate", .. arguments.SelectMany(a => new[] { a.Key, a.Value })], new StringWriter(), error, ct);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("generate: ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    private static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct) =>
        new RootCommand { GenerateCommand.Create() }.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
}
