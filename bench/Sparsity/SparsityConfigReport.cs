using System.Text.Json.Serialization;

namespace SparseVila.Bench.Sparsity;

/// <summary>The configuration a <c>bench sparsity</c> run compared the methods under.</summary>
/// <param name="Model">The checkpoint's shape, in words.</param>
/// <param name="AttentionLayoutNote">Why the model has the attention layout it has.</param>
/// <param name="VideoSeconds">Length of the generated video.</param>
/// <param name="FramesPerSecondSampled">Frames sampled per second of video.</param>
/// <param name="Frames">Frames sampled and encoded.</param>
/// <param name="VisualTokensPerFrame">Visual tokens the tower makes per frame.</param>
/// <param name="VisualTokensBeforePruning">Visual tokens the tower made for the whole video.</param>
/// <param name="KeepRatio">SparseVILA's query-agnostic keep ratio (K).</param>
/// <param name="RetrievalRatio">SparseVILA's query-aware retrieval ratio (R).</param>
/// <param name="PrefillOnlyKeepRatio">K·R: prefill-only pruning keeps as many tokens as SparseVILA retrieves.</param>
/// <param name="FastVTokenBudget">The visual tokens FastV keeps after the first question: SparseVILA's retrieved count.</param>
/// <param name="Turns">Questions answered per method.</param>
/// <param name="MaxNewTokens">Tokens generated per turn.</param>
/// <param name="KvBytesPerToken">Keys and values of one context token, all layers, at fp32.</param>
/// <param name="DecodeWeightBytes">Weights a decode step reads (decoder and LM head, fp32).</param>
public sealed record SparsityConfigReport(
    string Model,
    string AttentionLayoutNote,
    int VideoSeconds,
    double FramesPerSecondSampled,
    int Frames,
    int VisualTokensPerFrame,
    int VisualTokensBeforePruning,
    double KeepRatio,
    double RetrievalRatio,
    double PrefillOnlyKeepRatio,
    [property: JsonPropertyName("fastv_token_budget")] int FastVTokenBudget,
    int Turns,
    int MaxNewTokens,
    long KvBytesPerToken,
    long DecodeWeightBytes);
