using SparseVila.Engine.Storage;

namespace SparseVila.Grains.Videos;

/// <summary>A segment an indexing run committed, as the video's grain state keeps it (a manifest entry in waiting).</summary>
[GenerateSerializer, Immutable]
public sealed record CommittedSegment(
    [property: Id(0)] string FileName,
    [property: Id(1)] int FirstToken,
    [property: Id(2)] int EndToken,
    [property: Id(3)] int FirstFrameIndex,
    [property: Id(4)] int LastFrameIndex,
    [property: Id(5)] long LengthBytes,
    [property: Id(6)] string ChecksumXxHash64)
{
    /// <summary>The state's copy of <paramref name="entry"/>.</summary>
    public static CommittedSegment Of(KvManifestSegment entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.FileName, entry.FirstToken, entry.EndToken, entry.FirstFrameIndex, entry.LastFrameIndex, entry.LengthBytes, entry.ChecksumXxHash64);
    }

    /// <summary>The manifest entry.</summary>
    public KvManifestSegment ToManifestEntry() => new(FileName, FirstToken, EndToken, FirstFrameIndex, LastFrameIndex, LengthBytes, ChecksumXxHash64);
}
