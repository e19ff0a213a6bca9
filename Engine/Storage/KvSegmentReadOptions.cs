using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>How to read a segment, and what the manifest says it should be.</summary>
public sealed record KvSegmentReadOptions
{
    /// <summary>The floating type of the decoded keys and values; float32 unless asked otherwise.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>Where the decoded keys and values go; the CPU when null.</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// The segment's length from its manifest. Required for a stream that cannot seek (so a corrupt header cannot ask
    /// for unbounded memory); for one that can, a different length is reported as truncation or a mismatch.
    /// </summary>
    public long? ExpectedLengthBytes { get; init; }

    /// <summary>The segment's XxHash64 from its manifest; another, in an intact segment, is <see cref="KvCacheCorruption.ManifestMismatch"/>.</summary>
    public ulong? ExpectedChecksum { get; init; }

    /// <summary>Options expecting the length and checksum that <paramref name="segment"/> lists.</summary>
    public static KvSegmentReadOptions Expecting(KvManifestSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new KvSegmentReadOptions { ExpectedLengthBytes = segment.LengthBytes, ExpectedChecksum = segment.Checksum };
    }
}
