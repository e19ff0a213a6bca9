using System.Globalization;
using System.Text;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Generation;

/// <summary>
/// Writes a dataset: videos <c>video-0000.mp4</c> (or <c>.webm</c>), … and <c>qa.jsonl</c> with one
/// <see cref="QaRecord"/> line per video, in order. Each video's seed is drawn from the dataset seed; from it, in
/// this order, come the scene, the encoding (codec, frame rate, size), the style and the conversation, so the same
/// seed gives the same files. One ffmpeg process runs at a time.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>The name of the questions file in the output folder.</summary>
    public const string QaFileName = "qa.jsonl";

    /// <summary>Generates everything <paramref name="options"/> asks for, reporting each video on <paramref name="log"/>.</summary>
    public static async Task<IReadOnlyList<QaRecord>> GenerateAsync(DatasetOptions options, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validated();
        Directory.CreateDirectory(options.OutputFolder);
        var seeds = new Random(options.Seed);
        var records = new List<QaRecord>();
        var qaPath = Path.Combine(options.OutputFolder, QaFileName);
        var qa = new StreamWriter(qaPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        await using (qa.ConfigureAwait(false))
        {
            for (var index = 0; index < options.VideoCount; index++)
            {
                var record = await GenerateVideoAsync(options, index, seeds.Next(), ct).ConfigureAwait(false);
                await qa.WriteLineAsync(ShapesJson.Serialize(record).AsMemory(), ct).ConfigureAwait(false);
                records.Add(record);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{record.Video}: {record.DurationSeconds} s, {record.WidthPixels} px, {record.FramesPerSecond} fps, {record.Scene.Objects.Count} objects")
                    .AsMemory(), ct).ConfigureAwait(false);
            }
        }

        return records;
    }

    /// <summary>
    /// Writes video <paramref name="index"/> of <paramref name="options"/>' folder from its own <paramref name="seed"/> (and
    /// not qa.jsonl): a held-out set names its seeds instead of drawing them.
    /// </summary>
    public static async Task<QaRecord> GenerateVideoAsync(DatasetOptions options, int index, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        Directory.CreateDirectory(options.OutputFolder);
        var scenes = new SceneGenerator(new SceneGeneratorOptions { MinDurationSeconds = options.MinDurationSeconds, MaxDurationSeconds = options.MaxDurationSeconds });
        var random = new Random(seed);
        var scene = scenes.Generate(random);
        var encoding = DrawEncoding(options, random);
        var style = RenderStyleGenerator.Generate(scene, random);
        var questions = QuestionGenerator.Conversation(scene, random);
        var name = string.Create(CultureInfo.InvariantCulture, $"video-{index:0000}{encoding.FileExtension}");
        await SceneVideo.WriteAsync(Path.Combine(options.OutputFolder, name), scene, style, encoding, ct).ConfigureAwait(false);
        return new QaRecord(name, seed, scene.DurationSeconds, encoding.SizePixels, encoding.SizePixels, encoding.FramesPerSecond,
            encoding.Codec, scene, style, questions);
    }

    private static VideoEncoding DrawEncoding(DatasetOptions options, Random random)
    {
        var codec = options.Codec switch
        {
            CodecChoice.H264 => VideoCodec.H264,
            CodecChoice.Vp9 => VideoCodec.Vp9,
            _ => random.Next(2) == 0 ? VideoCodec.H264 : VideoCodec.Vp9,
        };
        var framesPerSecond = random.Next(options.MinFramesPerSecond, options.MaxFramesPerSecond + 1);
        // An even side between the bounds: half-sides drawn uniformly, doubled.
        var sizePixels = 2 * random.Next((options.MinSizePixels + 1) / 2, options.MaxSizePixels / 2 + 1);
        return new VideoEncoding(codec, framesPerSecond, sizePixels);
    }
}
