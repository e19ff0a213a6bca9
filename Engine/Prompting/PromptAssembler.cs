using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Prompting;

/// <summary>Turns prompt segments into token ids with visual slots: each frame becomes its timestamp marker, its tokens, and a separator.</summary>
public sealed class PromptAssembler(ITextTokenizer tokenizer, int imageTokenId, VideoPromptFormat format)
{
    /// <summary>Assembles <paramref name="segments"/> in order.</summary>
    public AssembledPrompt Assemble(IEnumerable<PromptSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var ids = new List<int>();
        var slots = new List<VisualSlot>();
        var frames = new List<VisualFrame>();
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case TextSegment text:
                    ids.AddRange(tokenizer.Encode(text.Text));
                    break;
                case VideoSegment video:
                    foreach (var frame in video.Frames)
                    {
                        ids.AddRange(tokenizer.Encode(format.Marker(frame.TimestampSeconds)));
                        slots.Add(new VisualSlot(ids.Count, frame.Tokens, frame.FrameIndex, frame.TimestampSeconds));
                        frames.Add(frame);
                        ids.AddRange(Enumerable.Repeat(imageTokenId, frame.Tokens));
                        ids.AddRange(tokenizer.Encode(format.FrameSeparator));
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown prompt segment {segment.GetType().Name}.", nameof(segments));
            }
        }

        return new AssembledPrompt(ids, slots, frames);
    }
}
