using System.CommandLine;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Generation;

/// <summary>
/// <c>generate --out DIR --videos N --seed S [--min-seconds 8] [--max-seconds 64] [--codec h264|vp9|mixed]
/// [--min-size 128] [--max-size 480] [--min-fps 2] [--max-fps 8]</c>: writes shapes-task videos and qa.jsonl.
/// </summary>
public static class GenerateCommand
{
    /// <summary>The command, its options and its action; exits 0 on success, 1 with a message for bad options or a failed encode.</summary>
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the videos and qa.jsonl into (created if missing).", Required = true };
        var videos = new Option<int>("--videos") { Description = "Number of videos, one conversation each.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the whole dataset; the same seed writes the same files.", Required = true };
        var minSeconds = IntOption("--min-seconds", "Shortest video, seconds.", ShapesTaskLimits.MinDurationSeconds);
        var maxSeconds = IntOption("--max-seconds", "Longest video, seconds.", ShapesTaskLimits.MaxDurationSeconds);
        var codec = new Option<CodecChoice>("--codec") { Description = "h264, vp9, or mixed (each video drawn).", DefaultValueFactory = _ => CodecChoice.Mixed };
        var minSize = IntOption("--min-size", "Smallest frame side, pixels (sides are even).", ShapesTaskLimits.MinVideoSizePixels);
        var maxSize = IntOption("--max-size", "Largest frame side, pixels.", ShapesTaskLimits.MaxVideoSizePixels);
        var minFps = IntOption("--min-fps", "Lowest frame rate, frames per second (a whole number).", ShapesTaskLimits.MinFramesPerSecond);
        var maxFps = IntOption("--max-fps", "Highest frame rate, frames per second.", 8);

        var command = new Command("generate", "Write shapes-task videos and their conversations (qa.jsonl); see docs/shapes-task.md.")
        {
            output, videos, seed, minSeconds, maxSeconds, codec, minSize, maxSize, minFps, maxFps,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new DatasetOptions(
                parse.GetValue(output)!.FullName, parse.GetValue(videos), parse.GetValue(seed),
                parse.GetValue(minSeconds), parse.GetValue(maxSeconds), parse.GetValue(codec),
                parse.GetValue(minSize), parse.GetValue(maxSize), parse.GetValue(minFps), parse.GetValue(maxFps));
            try
            {
                var records = await DatasetGenerator.GenerateAsync(options, parse.InvocationConfiguration.Output, ct).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"wrote {records.Count} videos and {Path.Combine(options.OutputFolder, DatasetGenerator.QaFileName)}".AsMemory(), ct).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or VideoEncodeException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"generate: {e.Message}".AsMemory(), ct).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static Option<int> IntOption(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
