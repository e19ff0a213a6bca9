namespace SparseVila.Engine.Storage;

/// <summary>Why a stored KV cache cannot be used. Every reason calls for the same remedy: index the video again.</summary>
public enum KvCacheCorruption
{
    /// <summary>The segment does not begin with the magic bytes <c>SVKV</c>: not a segment.</summary>
    BadMagic,

    /// <summary>A segment or manifest format version this reader does not read.</summary>
    UnsupportedVersion,

    /// <summary>A header field or token record out of range: an unknown codec, a zero size, an unknown token kind.</summary>
    Malformed,

    /// <summary>The segment ends before the bytes its header (or the manifest) says it holds.</summary>
    Truncated,

    /// <summary>The segment holds more or fewer bytes than its header describes while its length is the one expected.</summary>
    SizeMismatch,

    /// <summary>The trailing XxHash64 does not match the bytes before it: a byte changed.</summary>
    ChecksumMismatch,

    /// <summary>The segment is intact but not the one the manifest lists (another checksum or length).</summary>
    ManifestMismatch,

    /// <summary><c>manifest.json</c> is not valid JSON, or its fields do not describe a whole cache.</summary>
    ManifestInvalid,

    /// <summary>There is no <c>manifest.json</c>: the cache was never completed.</summary>
    MissingManifest,

    /// <summary>A segment the manifest lists is missing.</summary>
    MissingSegment,
}
