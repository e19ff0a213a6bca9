using static TorchSharp.torch;

namespace SparseVila.Engine.Prompting;

/// <summary>
/// A prompt as the LLM reads it: token ids (visual positions hold the image token id) and where each
/// frame's visual tokens go, with the frames that fill them.
/// </summary>
public sealed class AssembledPrompt
{
    internal AssembledPrompt(IReadOnlyList<int> tokenIds, IReadOnlyList<VisualSlot> slots, IReadOnlyList<VisualFrame> frames)
    {
        TokenIds = tokenIds;
        Slots = slots;
        Frames = frames;
    }

    /// <summary>Every position's token id; visual positions hold the image token id.</summary>
    public IReadOnlyList<int> TokenIds { get; }

    /// <summary>The visual spans, in prompt order.</summary>
    public IReadOnlyList<VisualSlot> Slots { get; }

    /// <summary>The frames filling <see cref="Slots"/>, one per slot.</summary>
    public IReadOnlyList<VisualFrame> Frames { get; }

    /// <summary>Prompt length in tokens.</summary>
    public int Tokens => TokenIds.Count;

    /// <summary>Visual tokens in the prompt.</summary>
    public int VisualTokens => Slots.Sum(s => s.Tokens);

    /// <summary>
    /// The LLM's input, (1, T, D): token embeddings, with each slot's positions replaced by its frame's
    /// visual embeddings (as transformers' LLaVA merges image features).
    /// </summary>
    public Tensor Embed(Func<Tensor, Tensor> embedTokens)
    {
        ArgumentNullException.ThrowIfNull(embedTokens);
        using var scope = NewDisposeScope();
        var ids = tensor(TokenIds.Select(id => (long)id).ToArray()).unsqueeze(0);                    // (1, T)
        var embeddings = embedTokens(ids);                                                            // (1, T, D)
        for (var i = 0; i < Slots.Count; i++)
        {
            var slot = Slots[i];
            var visual = Frames[i].Embeddings;                                                        // (n, D)
            if (visual.shape[0] != slot.Tokens || visual.shape[1] != embeddings.shape[2])
            {
                throw new InvalidOperationException(
                    $"Frame {slot.FrameIndex} has ({string.Join(", ", visual.shape)}) embeddings for a slot of ({slot.Tokens}, {embeddings.shape[2]}).");
            }

            embeddings[0, slot.StartToken..(slot.StartToken + slot.Tokens), ..] = visual.to(embeddings.dtype, embeddings.device);
        }

        return embeddings.MoveToOuterDisposeScope();
    }
}
