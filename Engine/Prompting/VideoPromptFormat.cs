using System.Globalization;

namespace SparseVila.Engine.Prompting;

/// <summary>How a video is written into a prompt: the text before each frame's tokens, and the placeholder in user text.</summary>
public sealed record VideoPromptFormat
{
    /// <summary>The text a user message uses to say where the video goes.</summary>
    public string Placeholder { get; init; } = "<video>";

    /// <summary>The marker before each frame's visual tokens; {0} is the timestamp in seconds.</summary>
    public string TimestampMarker { get; init; } = "{0:0.#}s:";

    /// <summary>The text after each frame's visual tokens.</summary>
    public string FrameSeparator { get; init; } = "\n";

    /// <summary>The marker text for a frame at <paramref name="seconds"/>.</summary>
    public string Marker(double seconds) => string.Format(CultureInfo.InvariantCulture, TimestampMarker, seconds);
}
