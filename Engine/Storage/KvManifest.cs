using System.Text.Json.Serialization;
using SparseVila.Engine.Sparse;

namespace SparseVila.Engine.Storage;

/// <summary>
/// <c>manifest.json</c>: what a video's cache holds and what made it. Written last, after every segment, so a cache
/// without one was never completed. See docs/storage-format.md.
/// </summary>
/// <param name="FormatVersion">The manifest format version; this code writes and reads <see cref="CurrentFormatVersion"/>.</param>
/// <param name="ModelFingerprint">The <see cref="Storage.ModelFingerprint"/> of the model that made the cache.</param>
/// <param name="SourceContentHash">The hash of the video content the cache was made from.</param>
/// <param name="Codec">How the segments store keys and values.</param>
/// <param name="GroupTokens">Tokens sharing a key scale.</param>
/// <param name="KeepRatio">The pruning keep ratio the context was built with.</param>
/// <param name="Layers">Decoder layers.</param>
/// <param name="KvHeads">Key/value heads per layer.</param>
/// <param name="HeadDim">Channels of one head.</param>
/// <param name="TotalTokens">Positions of the whole context.</param>
/// <param name="VisualTokens">Visual tokens kept.</param>
/// <param name="VisualTokensBeforePruning">Visual tokens the vision tower produced.</param>
/// <param name="Frames">Each frame's positions, in order.</param>
/// <param name="Segments">The segments, in order, together holding positions 0…<paramref name="TotalTokens"/>.</param>
public sealed record KvManifest(
    int FormatVersion,
    string ModelFingerprint,
    string SourceContentHash,
    KvCodec Codec,
    int GroupTokens,
    double KeepRatio,
    int Layers,
    int KvHeads,
    int HeadDim,
    int TotalTokens,
    int VisualTokens,
    int VisualTokensBeforePruning,
    IReadOnlyList<KvManifestFrame> Frames,
    IReadOnlyList<KvManifestSegment> Segments)
{
    /// <summary>The manifest format version this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The manifest's name beside its segments.</summary>
    public const string FileName = "manifest.json";

    /// <summary>
    /// The stats of the context the cache holds. It was neither encoded nor prefilled now, so both times are 0.
    /// </summary>
    [JsonIgnore]
    public VisualContextStats Stats => new(Frames.Count, VisualTokensBeforePruning, VisualTokens, KeepRatio, 0, 0);

    /// <summary>The manifest of <paramref name="context"/> stored as <paramref name="segments"/> with <paramref name="options"/>.</summary>
    public static KvManifest Create(VisualContext context, string modelFingerprint, string sourceContentHash, KvCodecOptions options, IReadOnlyList<KvManifestSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return new KvManifest(CurrentFormatVersion, modelFingerprint, sourceContentHash, options.Codec, options.GroupTokens, context.Stats.KeepRatio,
            context.Layers, context.KvHeads, context.HeadDim, context.LengthTokens, context.VisualPositions.Count, context.Stats.VisualTokensBeforePruning,
            KvManifestFrame.Map(context.Tokens), segments);
    }

    /// <summary>
    /// Reads a manifest and checks that it describes a whole cache. Throws <see cref="KvCacheCorruptException"/>:
    /// <see cref="KvCacheCorruption.UnsupportedVersion"/> for another format version, <see cref="KvCacheCorruption.ManifestInvalid"/>
    /// for anything else wrong (not JSON, a field missing or out of range, segments that do not tile the context).
    /// </summary>
    public static KvManifest Read(Stream source, string name = FileName) => KvManifestJson.Read(source, name);

    /// <summary>Writes the manifest as indented UTF-8 JSON; throws <see cref="ArgumentException"/> for one that <see cref="Read"/> would refuse.</summary>
    public void Write(Stream destination) => KvManifestJson.Write(this, destination);

    /// <summary>
    /// Throws <see cref="KvCacheMismatchException"/> unless the cache was made by the model <paramref name="expectedModelFingerprint"/>
    /// from the content <paramref name="expectedSourceContentHash"/>.
    /// </summary>
    public void Validate(string expectedModelFingerprint, string expectedSourceContentHash)
    {
        ArgumentNullException.ThrowIfNull(expectedModelFingerprint);
        ArgumentNullException.ThrowIfNull(expectedSourceContentHash);
        if (!string.Equals(ModelFingerprint, expectedModelFingerprint, StringComparison.Ordinal))
        {
            throw new KvCacheMismatchException(KvCacheMismatch.ModelFingerprint, expectedModelFingerprint, ModelFingerprint);
        }

        if (!string.Equals(SourceContentHash, expectedSourceContentHash, StringComparison.Ordinal))
        {
            throw new KvCacheMismatchException(KvCacheMismatch.SourceContent, expectedSourceContentHash, SourceContentHash);
        }
    }
}
