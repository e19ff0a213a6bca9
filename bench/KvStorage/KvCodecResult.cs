namespace SparseVila.Bench.KvStorage;

/// <summary>One codec's size and fidelity on the benchmark context.</summary>
/// <param name="Codec">fp16, int8 or int4.</param>
/// <param name="StoredBytes">All segments of the context, headers, token records and checksums included.</param>
/// <param name="BytesPerVisualToken">Stored bytes over the visual tokens (the text positions' keys and values ride along).</param>
/// <param name="EncodeMegabytesPerSecond">Stored MB (10⁶ B) over the time to encode every segment into memory.</param>
/// <param name="DecodeMegabytesPerSecond">Stored MB over the time to verify and decode every segment from memory.</param>
/// <param name="KeysMaxAbsError">Largest |decoded − original| over every key.</param>
/// <param name="KeysRelativeError">‖decoded − original‖ / ‖original‖ over every key (Frobenius).</param>
/// <param name="ValuesMaxAbsError">Largest |decoded − original| over every value.</param>
/// <param name="ValuesRelativeError">‖decoded − original‖ / ‖original‖ over every value.</param>
public sealed record KvCodecResult(
    string Codec, long StoredBytes, double BytesPerVisualToken, double EncodeMegabytesPerSecond, double DecodeMegabytesPerSecond,
    double KeysMaxAbsError, double KeysRelativeError, double ValuesMaxAbsError, double ValuesRelativeError);
