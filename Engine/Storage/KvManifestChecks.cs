namespace SparseVila.Engine.Storage;

/// <summary>Whether a manifest's fields describe a whole cache: sizes in range, frames in order, segments tiling every position.</summary>
internal static class KvManifestChecks
{
    /// <summary>The first problem found, as a clause; null when there is none.</summary>
    public static string? FirstProblem(KvManifest manifest) =>
        string.IsNullOrWhiteSpace(manifest.ModelFingerprint) ? "the model fingerprint is empty"
        : string.IsNullOrWhiteSpace(manifest.SourceContentHash) ? "the source content hash is empty"
        : !Enum.IsDefined(manifest.Codec) ? $"unknown codec {manifest.Codec}"
        : manifest.GroupTokens is < 1 or > KvCodecOptions.MaxGroupTokens ? $"group size {manifest.GroupTokens}"
        : !(manifest.KeepRatio is > 0 and <= 1) ? $"keep ratio {manifest.KeepRatio}"
        : !InU16(manifest.Layers) || !InU16(manifest.KvHeads) || !InU16(manifest.HeadDim) ? $"layers {manifest.Layers}, KV heads {manifest.KvHeads}, head dim {manifest.HeadDim}"
        : manifest.TotalTokens < 1 || manifest.VisualTokens < 0 || manifest.VisualTokens > manifest.TotalTokens || manifest.VisualTokensBeforePruning < manifest.VisualTokens
            ? $"{manifest.TotalTokens} tokens, {manifest.VisualTokens} visual of {manifest.VisualTokensBeforePruning} before pruning"
        : FramesProblem(manifest) ?? SegmentsProblem(manifest);

    private static bool InU16(int size) => size is >= 1 and <= ushort.MaxValue;

    private static string? FramesProblem(KvManifest manifest)
    {
        var end = 0;
        foreach (var frame in manifest.Frames)
        {
            if (frame.FirstToken < end || frame.Tokens < 1 || frame.VisualTokens < 0 || frame.VisualTokens > frame.Tokens || frame.FirstToken + (long)frame.Tokens > manifest.TotalTokens)
            {
                return $"frame {frame.FrameIndex} (positions {frame.FirstToken}+{frame.Tokens}, {frame.VisualTokens} visual) is out of order or out of range";
            }

            end = frame.FirstToken + frame.Tokens;
        }

        var visual = manifest.Frames.Sum(frame => frame.VisualTokens);
        return visual == manifest.VisualTokens ? null : $"the frames hold {visual} visual tokens, not {manifest.VisualTokens}";
    }

    private static string? SegmentsProblem(KvManifest manifest)
    {
        if (manifest.Segments.Count == 0)
        {
            return "there are no segments";
        }

        var next = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in manifest.Segments)
        {
            if (string.IsNullOrWhiteSpace(segment.FileName) || segment.FileName != Path.GetFileName(segment.FileName) || segment.FileName is "." or ".." || !names.Add(segment.FileName))
            {
                return $"segment name \"{segment.FileName}\" is not the plain, distinct name of a file beside the manifest";
            }

            if (segment.FirstToken != next || segment.EndToken <= segment.FirstToken)
            {
                return $"segment {segment.FileName} holds positions [{segment.FirstToken}, {segment.EndToken}) where [{next}, …) comes next";
            }

            if (segment.LengthBytes <= KvSegmentHeader.SizeBytes + KvSegmentHeader.ChecksumBytes || !KvChecksum.TryParse(segment.ChecksumXxHash64, out _))
            {
                return $"segment {segment.FileName} has length {segment.LengthBytes} and checksum \"{segment.ChecksumXxHash64}\"";
            }

            next = segment.EndToken;
        }

        return next == manifest.TotalTokens ? null : $"the segments end at position {next}, not {manifest.TotalTokens}";
    }
}
