namespace SparseVila.Engine.Storage;

/// <summary>An intact KV cache made by another model or from other content; it must not be loaded.</summary>
public sealed class KvCacheMismatchException : Exception
{
    /// <summary>Creates the exception: the cache records <paramref name="found"/> where <paramref name="expected"/> was asked for.</summary>
    public KvCacheMismatchException(KvCacheMismatch reason, string expected, string found)
        : base(reason switch
        {
            KvCacheMismatch.ModelFingerprint => $"The KV cache was made by another model: fingerprint {found}, not {expected}.",
            _ => $"The KV cache was made from other content: source hash {found}, not {expected}.",
        })
    {
        Reason = reason;
        Expected = expected;
        Found = found;
    }

    /// <summary>What does not match.</summary>
    public KvCacheMismatch Reason { get; }

    /// <summary>The fingerprint or hash asked for.</summary>
    public string Expected { get; }

    /// <summary>The fingerprint or hash the cache records.</summary>
    public string Found { get; }
}
