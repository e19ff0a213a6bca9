namespace SparseVila.Silo.Hosting;

/// <summary>
/// The host's configuration asks for something this build cannot do. Thrown at start, before anything
/// listens; the message names every setting at fault and what it may be instead.
/// </summary>
public sealed class HostingConfigurationException : Exception
{
    /// <summary>Creates the exception from one line per setting at fault.</summary>
    public HostingConfigurationException(IReadOnlyList<string> problems)
        : base("The configuration cannot be used:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p))) =>
        Problems = problems;

    /// <summary>One line per setting at fault, each starting with the setting's key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
