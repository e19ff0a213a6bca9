using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Prompting;

/// <summary>
/// Builds a conversation prompt in a model family's chat format. A user message's text may hold the
/// video placeholder (<see cref="VideoPromptFormat.Placeholder"/>) once per video; the videos go there.
/// </summary>
public sealed class ChatPromptBuilder(ChatTemplate template, VideoPromptFormat format)
{
    private readonly List<PromptSegment> _segments = [];

    /// <summary>The system prompt (nothing when empty).</summary>
    public ChatPromptBuilder System(string prompt)
    {
        var rendered = template.RenderSystem(prompt);
        if (rendered.Length > 0)
        {
            _segments.Add(new TextSegment(rendered));
        }

        return this;
    }

    /// <summary>
    /// A user message. Each placeholder in <paramref name="text"/> takes the next of
    /// <paramref name="videos"/>; with no placeholder, the videos come before the text.
    /// </summary>
    public ChatPromptBuilder User(string text, params VideoSegment[] videos)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(videos);
        var parts = text.Split(format.Placeholder);
        var placeholders = parts.Length - 1;
        if (placeholders > 0 && placeholders != videos.Length)
        {
            throw new ArgumentException($"The message has {placeholders} video placeholders for {videos.Length} videos.", nameof(text));
        }

        _segments.Add(new TextSegment(template.RenderUserTurnStart()));
        if (placeholders == 0)
        {
            _segments.AddRange(videos);
            _segments.Add(new TextSegment(text));
        }
        else
        {
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].Length > 0)
                {
                    _segments.Add(new TextSegment(parts[i]));
                }

                if (i < videos.Length)
                {
                    _segments.Add(videos[i]);
                }
            }
        }

        _segments.Add(new TextSegment(template.RenderUserTurnEnd()));
        return this;
    }

    /// <summary>An earlier answer, closed as the family closes assistant turns.</summary>
    public ChatPromptBuilder Assistant(string answer)
    {
        _segments.Add(new TextSegment(template.RenderAssistantAnswer(answer) + template.RenderAssistantTurnEnd()));
        return this;
    }

    /// <summary>The segments so far; a prompt for a new answer ends after a user message.</summary>
    public IReadOnlyList<PromptSegment> Build() => [.. _segments];
}
