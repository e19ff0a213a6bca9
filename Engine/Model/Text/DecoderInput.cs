using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Text;

/// <summary>Which positions' logits a forward computes: the LM head over a long prefill is expensive.</summary>
public enum LogitsSelection
{
    /// <summary>Only the last position of each row: what generation needs.</summary>
    LastToken,

    /// <summary>Every position: for tests and scoring.</summary>
    AllTokens,

    /// <summary>No logits: a prefill chunk whose successor continues the prompt.</summary>
    None,
}

/// <summary>
/// One decoder forward: (B, T, D) input embeddings, one cache per row, and optionally explicit
/// (B, T) int64 rotary positions (default: each row's next position onwards).
/// </summary>
public sealed record DecoderInput(Tensor Embeddings, IReadOnlyList<IAttentionCache> Caches, Tensor? Positions = null, LogitsSelection Logits = LogitsSelection.LastToken);
