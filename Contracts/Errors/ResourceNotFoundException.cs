namespace SparseVila.Contracts.Errors;

/// <summary>
/// There is no such video or conversation for this tenant. Another tenant's ids give this too: callers never learn
/// whether an id exists elsewhere.
/// </summary>
[GenerateSerializer]
public sealed class ResourceNotFoundException : Exception
{
    public ResourceNotFoundException(string kind, string id)
        : base($"There is no {kind} '{id}'.") => (Kind, ResourceId) = (kind, id);

    public ResourceNotFoundException()
        : this("resource", string.Empty)
    {
    }

    public ResourceNotFoundException(string message, Exception innerException)
        : base(message, innerException) => (Kind, ResourceId) = ("resource", string.Empty);

    /// <summary><c>video</c> or <c>conversation</c>.</summary>
    [Id(0)]
    public string Kind { get; }

    /// <summary>The id that was asked for.</summary>
    [Id(1)]
    public string ResourceId { get; }
}
