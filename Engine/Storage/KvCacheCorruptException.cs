namespace SparseVila.Engine.Storage;

/// <summary>
/// A stored KV cache segment or manifest that cannot be used: missing, truncated, altered or of an unknown
/// version. Nothing of it was decoded for use; the caller should index the video again.
/// </summary>
public sealed class KvCacheCorruptException : Exception
{
    /// <summary>Creates the exception for <paramref name="name"/>; <paramref name="detail"/> says what was found.</summary>
    public KvCacheCorruptException(string name, KvCacheCorruption reason, string detail, Exception? innerException = null)
        : base($"KV cache {name} cannot be used ({reason}): {detail}", innerException)
    {
        Name = name;
        Reason = reason;
    }

    /// <summary>The segment or manifest at fault, as the caller named it (e.g. <c>seg-00002.kv</c>).</summary>
    public string Name { get; }

    /// <summary>What is wrong.</summary>
    public KvCacheCorruption Reason { get; }
}
