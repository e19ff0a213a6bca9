using SparseVila.Training.Shapes;

namespace SparseVila.Training.Generation;

/// <summary>One line of qa.jsonl: a video, how it was encoded and drawn, what it shows, and one conversation about it.</summary>
/// <param name="Video">The video's file name, relative to the qa.jsonl file.</param>
/// <param name="Seed">The video's own seed: with the same generator version it reproduces this line and the video.</param>
/// <param name="DurationSeconds">The video's length.</param>
/// <param name="WidthPixels">The frame width.</param>
/// <param name="HeightPixels">The frame height (equal to the width).</param>
/// <param name="FramesPerSecond">The frame rate, a whole number.</param>
/// <param name="Codec">"h264" or "vp9".</param>
/// <param name="Scene">What the video shows.</param>
/// <param name="Style">How this renderer drew it (optional for other renderers).</param>
/// <param name="Questions">The conversation: four questions with their exact answers.</param>
public sealed record QaRecord(
    string Video,
    int Seed,
    int DurationSeconds,
    int WidthPixels,
    int HeightPixels,
    int FramesPerSecond,
    VideoCodec Codec,
    Scene Scene,
    RenderStyle? Style,
    IReadOnlyList<Question> Questions);
