namespace SparseVila.Bench.KvStorage;

/// <summary>Writing and rehydrating the whole benchmark context through one store with one codec.</summary>
/// <param name="Store">filesystem or azure-blob (Azurite on loopback).</param>
/// <param name="Codec">fp16, int8 or int4.</param>
/// <param name="StoredBytes">Bytes of the segments written.</param>
/// <param name="WriteMegabytesPerSecond">Stored MB (10⁶ B) over the median time to encode and write every segment and the manifest.</param>
/// <param name="RehydrateMegabytesPerSecond">Stored MB over the median time to read the manifest and every segment, verify and decode them, and assemble the context.</param>
/// <param name="WriteMilliseconds">Each repetition's write time.</param>
/// <param name="RehydrateMilliseconds">Each repetition's rehydrate time.</param>
public sealed record KvStoreResult(
    string Store, string Codec, long StoredBytes, double WriteMegabytesPerSecond, double RehydrateMegabytesPerSecond,
    IReadOnlyList<double> WriteMilliseconds, IReadOnlyList<double> RehydrateMilliseconds);
