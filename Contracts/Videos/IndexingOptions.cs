namespace SparseVila.Contracts.Videos;

/// <summary>How a video is indexed.</summary>
/// <param name="KeepRatio">SparseVILA's query-agnostic keep ratio: the share of each frame's visual tokens kept (0 to 1].</param>
/// <param name="Codec">How the visual KV cache is stored.</param>
[GenerateSerializer, Immutable]
public sealed record IndexingOptions([property: Id(0)] double KeepRatio, [property: Id(1)] CacheCodec Codec)
{
    /// <summary>Keep half the visual tokens; store keys and values as int8.</summary>
    public static IndexingOptions Default { get; } = new(0.5, CacheCodec.Int8);
}
