namespace SparseVila.Cli.Http;

/// <summary>The Gateway refused a request: its HTTP status, the problem's title and detail, and the exit code it means.</summary>
public sealed class ApiException : Exception
{
    private readonly int? _exitCode;

    public ApiException(int status, string title, string detail, int? exitCode = null)
        : base(detail.Length > 0 ? $"{title}: {detail}" : title) => (Status, Title, Detail, _exitCode) = (status, title, detail, exitCode);

    public ApiException()
        : this(0, "Error", string.Empty)
    {
    }

    public ApiException(string message)
        : this(0, message, string.Empty)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException) => (Title, Detail) = (message, string.Empty);

    /// <summary>The HTTP status (0 when the failure was not an HTTP refusal).</summary>
    public int Status { get; }

    public string Title { get; } = string.Empty;

    public string Detail { get; } = string.Empty;

    /// <summary>The exit code this refusal stands for.</summary>
    public int ExitCode => _exitCode ?? ExitCodes.ForStatus(Status);

    /// <summary>One line for a person: title, status, detail.</summary>
    public string Describe() =>
        (Status > 0 ? $"{Title} (HTTP {Status.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : Title)
        + (Detail.Length > 0 ? $": {Detail}" : string.Empty);
}
