namespace SparseVila.Grains.Storage;

/// <summary>What a write or delete requires of the blob's current version (HTTP conditional-request semantics).</summary>
public readonly record struct BlobCondition
{
    private BlobCondition(BlobConditionKind kind, string? eTag)
    {
        Kind = kind;
        ETag = eTag;
    }

    /// <summary>No requirement: the operation always proceeds. The default value.</summary>
    public static BlobCondition None => default;

    /// <summary><c>If-None-Match: *</c>: there must be no blob of that name (create only).</summary>
    public static BlobCondition IfNotExists { get; } = new(BlobConditionKind.IfNoneMatchAny, eTag: null);

    /// <summary>Which requirement this is.</summary>
    public BlobConditionKind Kind { get; }

    /// <summary>The ETag required by <see cref="BlobConditionKind.IfMatch"/>; null otherwise.</summary>
    public string? ETag { get; }

    /// <summary><c>If-Match: eTag</c>: the blob must exist and its current version must be <paramref name="eTag"/>.</summary>
    public static BlobCondition IfMatch(string eTag)
    {
        ArgumentException.ThrowIfNullOrEmpty(eTag);
        return new(BlobConditionKind.IfMatch, eTag);
    }

    /// <summary>
    /// Optimistic concurrency from a remembered ETag: <see cref="IfNotExists"/> when there is none (the
    /// blob was never seen), <see cref="IfMatch"/> otherwise.
    /// </summary>
    public static BlobCondition ForETag(string? eTag) => string.IsNullOrEmpty(eTag) ? IfNotExists : IfMatch(eTag);

    /// <summary>Whether the condition holds for a blob whose current ETag is <paramref name="currentETag"/> (null: no blob).</summary>
    public bool IsMetBy(string? currentETag) => Kind switch
    {
        BlobConditionKind.None => true,
        BlobConditionKind.IfNoneMatchAny => currentETag is null,
        BlobConditionKind.IfMatch => string.Equals(currentETag, ETag, StringComparison.Ordinal),
        _ => throw new InvalidOperationException($"Unknown condition kind {Kind}."),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        BlobConditionKind.IfNoneMatchAny => "If-None-Match: *",
        BlobConditionKind.IfMatch => $"If-Match: {ETag}",
        _ => "no condition",
    };
}

/// <summary>The kinds of <see cref="BlobCondition"/>.</summary>
public enum BlobConditionKind
{
    /// <summary>No requirement.</summary>
    None,

    /// <summary>There must be no blob (<c>If-None-Match: *</c>).</summary>
    IfNoneMatchAny,

    /// <summary>The blob must exist with the given ETag (<c>If-Match</c>).</summary>
    IfMatch,
}
