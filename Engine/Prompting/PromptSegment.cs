using static TorchSharp.torch;

namespace SparseVila.Engine.Prompting;

/// <summary>A piece of a prompt: text, or the visual tokens of a video.</summary>
public abstract record PromptSegment;

/// <summary>Text, tokenized as is (special tokens written literally become their ids).</summary>
public sealed record TextSegment(string Text) : PromptSegment;

/// <summary>A video: per frame, a timestamp marker and then that frame's visual token embeddings.</summary>
public sealed record VideoSegment(IReadOnlyList<VisualFrame> Frames) : PromptSegment
{
    /// <summary>Visual tokens over all frames.</summary>
    public int VisualTokens => Frames.Sum(f => f.Tokens);
}

/// <summary>One sampled frame's visual token embeddings, (n, D), with where it sits in the video.</summary>
/// <param name="FrameIndex">0-based index in the sampled sequence.</param>
/// <param name="TimestampSeconds">Where in the video the frame was taken.</param>
/// <param name="Embeddings">(n, D) embeddings in the LLM's input space.</param>
public sealed record VisualFrame(int FrameIndex, double TimestampSeconds, Tensor Embeddings)
{
    /// <summary>Visual tokens of the frame.</summary>
    public int Tokens => (int)Embeddings.shape[0];
}
