using System.Text.Json.Serialization;

namespace SparseVila.Bench.Sparsity;

/// <summary>One answered question.</summary>
/// <param name="PrefillMilliseconds">The turn's text prefilled over the context, retrieval and the compact cache gathered.</param>
/// <param name="TimeToFirstTokenMilliseconds">From the question to the first token.</param>
/// <param name="DecodeMilliseconds">Generating the answer after the first token.</param>
/// <param name="GeneratedTokens">Tokens generated; decode speed is measured over all but the first.</param>
/// <param name="DecodeTokensPerSecond">Tokens per second after the first.</param>
/// <param name="FinishReason">Why the answer ended (length: it ran its full budget).</param>
public sealed record TurnResult(
    [property: JsonPropertyName("prefill_ms")] double PrefillMilliseconds,
    [property: JsonPropertyName("ttft_ms")] double TimeToFirstTokenMilliseconds,
    [property: JsonPropertyName("decode_ms")] double DecodeMilliseconds,
    int GeneratedTokens,
    [property: JsonPropertyName("decode_tokens_per_s")] double DecodeTokensPerSecond,
    string FinishReason);
