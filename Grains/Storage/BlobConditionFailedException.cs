namespace SparseVila.Grains.Storage;

/// <summary>
/// A conditional write or delete found the blob in another state than its <see cref="BlobCondition"/>
/// required (it exists for a create-only write, or its ETag changed); nothing was changed.
/// </summary>
public sealed class BlobConditionFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="blobName"/> and the condition that failed.</summary>
    public BlobConditionFailedException(string blobName, BlobCondition condition, Exception? innerException = null)
        : base(Describe(blobName, condition), innerException)
    {
        BlobName = blobName;
        Condition = condition;
    }

    /// <summary>The blob the operation was for.</summary>
    public string BlobName { get; }

    /// <summary>The condition that did not hold.</summary>
    public BlobCondition Condition { get; }

    private static string Describe(string blobName, BlobCondition condition) => condition.Kind switch
    {
        BlobConditionKind.IfNoneMatchAny => $"The blob '{blobName}' already exists ({condition}).",
        BlobConditionKind.IfMatch => $"The blob '{blobName}' is missing or has changed since it was read ({condition}).",
        _ => $"The condition on blob '{blobName}' did not hold ({condition}).",
    };
}
