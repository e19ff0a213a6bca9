namespace SparseVila.Bench.KvStorage;

/// <summary>
/// The context the kv benchmark stores: shaped like a 7B LLaVA-style model's (Qwen2-7B: 28 layers, 4 KV heads of 128)
/// over <see cref="Frames"/> frames of <see cref="VisualTokensPerFrame"/> kept visual tokens (196 at keep 0.5).
/// </summary>
public sealed record KvBenchmarkSettings
{
    public int Layers { get; init; } = 28;

    public int KvHeads { get; init; } = 4;

    public int HeadDim { get; init; } = 128;

    public int Frames { get; init; } = 32;

    public int VisualTokensPerFrame { get; init; } = 98;

    public int FramesPerSegment { get; init; } = 16;

    /// <summary>Timed writes and rehydrations per store and codec; the median is reported.</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting out of range.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(Layers), Layers), (nameof(KvHeads), KvHeads), (nameof(HeadDim), HeadDim), (nameof(Frames), Frames),
            (nameof(VisualTokensPerFrame), VisualTokensPerFrame), (nameof(FramesPerSegment), FramesPerSegment), (nameof(Repetitions), Repetitions),
        })
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        }
    }
}
