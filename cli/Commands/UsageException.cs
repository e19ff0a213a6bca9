namespace SparseVila.Cli.Commands;

/// <summary>A usage error found while running (a bad <c>SPARSEVILA_URL</c>, nothing to upload): exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
