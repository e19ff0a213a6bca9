using System.Text.Json.Serialization;

namespace SparseVila.Engine.Storage;

/// <summary>One segment of a cached context, as the manifest lists it.</summary>
/// <param name="FileName">The segment's name beside the manifest, e.g. <c>seg-00000.kv</c>.</param>
/// <param name="FirstToken">The first position it holds.</param>
/// <param name="EndToken">One past the last position it holds.</param>
/// <param name="FirstFrameIndex">The first frame it holds (−1 for a context with no frame).</param>
/// <param name="LastFrameIndex">The last frame it holds (−1 for a context with no frame).</param>
/// <param name="LengthBytes">Its length, checksum included.</param>
/// <param name="ChecksumXxHash64">Its trailing XxHash64, 16 lowercase hex digits.</param>
public sealed record KvManifestSegment(string FileName, int FirstToken, int EndToken, int FirstFrameIndex, int LastFrameIndex, long LengthBytes, string ChecksumXxHash64)
{
    /// <summary>The position range it holds.</summary>
    [JsonIgnore]
    public KvSegmentRange Range => new(FirstToken, EndToken, FirstFrameIndex, LastFrameIndex);

    /// <summary><see cref="ChecksumXxHash64"/> as a number; throws <see cref="FormatException"/> when it is not 16 hex digits (<see cref="KvManifest.Read"/> has checked).</summary>
    [JsonIgnore]
    public ulong Checksum => KvChecksum.TryParse(ChecksumXxHash64, out var checksum)
        ? checksum
        : throw new FormatException($"Segment {FileName}'s checksum \"{ChecksumXxHash64}\" is not 16 hex digits.");

    /// <summary>The name of the segment at <paramref name="index"/>: <c>seg-00000.kv</c>, <c>seg-00001.kv</c>, …</summary>
    public static string FileNameOf(int index) => $"seg-{index:D5}.kv";

    /// <summary>The entry of the segment <paramref name="fileName"/> that holds <paramref name="range"/> and was written as <paramref name="summary"/> says.</summary>
    public static KvManifestSegment Of(string fileName, KvSegmentRange range, KvSegmentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new KvManifestSegment(fileName, range.FirstToken, range.EndToken, range.FirstFrameIndex, range.LastFrameIndex, summary.LengthBytes, KvChecksum.Format(summary.Checksum));
    }
}
