namespace SparseVila.Engine.Storage;

/// <summary>Why an intact KV cache does not belong to the request.</summary>
public enum KvCacheMismatch
{
    /// <summary>Another model (weights or configuration) made it.</summary>
    ModelFingerprint,

    /// <summary>It was made from other video content.</summary>
    SourceContent,
}
