namespace SparseVila.Bench.KvStorage;

/// <summary>What <c>bench kv</c> writes as JSON.</summary>
/// <param name="Settings">The context's shape and the repetitions.</param>
/// <param name="ContextTokens">Positions of the context.</param>
/// <param name="VisualTokens">Visual positions of the context.</param>
/// <param name="Codecs">Size and fidelity per codec.</param>
/// <param name="Ratios">Each codec's stored bytes over fp16's: <c>int8_vs_fp16_bytes</c>, <c>int4_vs_fp16_bytes</c>.</param>
/// <param name="Stores">Write and rehydrate rates per store and codec.</param>
/// <param name="Targets">Whether each target of the storage issue is met.</param>
/// <param name="Accuracy">The accuracy benchmark's dense and SparseVILA rows with each codec (null when skipped).</param>
/// <param name="LoadAverages">The 1-minute load average before each store's runs (a shared machine).</param>
public sealed record KvReport(
    KvBenchmarkSettings Settings, int ContextTokens, int VisualTokens, IReadOnlyList<KvCodecResult> Codecs,
    IReadOnlyDictionary<string, double> Ratios, IReadOnlyList<KvStoreResult> Stores, IReadOnlyDictionary<string, bool> Targets, Accuracy.AccuracyReport? Accuracy,
    IReadOnlyDictionary<string, double?> LoadAverages);
