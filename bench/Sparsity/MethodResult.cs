using System.Text.Json.Serialization;

namespace SparseVila.Bench.Sparsity;

/// <summary>What one method cost over the video and the whole conversation.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="KeepRatio">The query-agnostic keep ratio its context was built with.</param>
/// <param name="DecodeMethod">How each turn chose the visual tokens it decoded over.</param>
/// <param name="Frames">Frames sampled and encoded.</param>
/// <param name="VisualTokens">Visual tokens kept in the context and prefilled.</param>
/// <param name="RetrievedTokens">Visual tokens each turn decoded over (per layer and KV head).</param>
/// <param name="ContextKvBytes">Bytes of keys and values the visual context holds.</param>
/// <param name="VisionEncodeMilliseconds">Vision tower and pruning; excluded from the LLM times.</param>
/// <param name="PrefillMilliseconds">LLM prefill of the visual context.</param>
/// <param name="TimeToFirstTokenMilliseconds">Mean over turns.</param>
/// <param name="DecodeTokensPerSecond">Mean over turns.</param>
/// <param name="EndToEndMilliseconds">Visual-context prefill plus every turn (first token and decode); vision encoding excluded.</param>
/// <param name="Turns">Each turn's figures.</param>
public sealed record MethodResult(
    string Method,
    double KeepRatio,
    string DecodeMethod,
    int Frames,
    int VisualTokens,
    int RetrievedTokens,
    long ContextKvBytes,
    [property: JsonPropertyName("vision_encode_ms")] double VisionEncodeMilliseconds,
    [property: JsonPropertyName("prefill_ms")] double PrefillMilliseconds,
    [property: JsonPropertyName("ttft_ms")] double TimeToFirstTokenMilliseconds,
    [property: JsonPropertyName("decode_tokens_per_s")] double DecodeTokensPerSecond,
    [property: JsonPropertyName("e2e_ms")] double EndToEndMilliseconds,
    IReadOnlyList<TurnResult> Turns);
