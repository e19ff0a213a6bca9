using SparseVila.Engine.Storage;

namespace SparseVila.Grains.VisualCache;

/// <summary>What every segment of one cache holds: its codec and group, and the model's layers, KV heads and head width.</summary>
public sealed record SegmentShape(KvCodec Codec, int GroupTokens, int Layers, int KvHeads, int HeadDim)
{
    /// <summary>The shape a manifest lists.</summary>
    public static SegmentShape Of(KvManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.Codec, manifest.GroupTokens, manifest.Layers, manifest.KvHeads, manifest.HeadDim);
    }
}
