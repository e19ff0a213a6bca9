using System.CommandLine;
using SparseVila.Cli.Commands;

namespace SparseVila.Cli.Videos;

/// <summary><c>--timeout SECONDS</c>: how long a command waits before it gives up with exit code 7.</summary>
public static class TimeoutOption
{
    public static Option<double?> Create(string description)
    {
        return new Option<double?>("--timeout")
        {
            Description = description, HelpName = "SECONDS", CustomParser = NumberParsers.PositiveSeconds("--timeout"),
        };
    }
}
