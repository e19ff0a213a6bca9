namespace SparseVila.Gateway.Problems;

/// <summary>A refusal as the API reports it: status, title, detail, and optional extension members.</summary>
public sealed record ApiProblem(int Status, string Title, string Detail)
{
    /// <summary>Members added to the problem object (<c>status</c> of a video that is not indexed, say).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Extensions { get; init; } = [];

    /// <summary>Sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }
}
