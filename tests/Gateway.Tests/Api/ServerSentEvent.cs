using System.Text;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>One event of a text/event-stream, as a browser's EventSource would see it.</summary>
public sealed record ServerSentEvent(string Name, string Data)
{
    /// <summary>The events of <paramref name="response"/>, as they arrive; comment lines are counted in <paramref name="comments"/>.</summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(HttpResponseMessage response, List<string>? comments = null)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), Encoding.UTF8);
        var (name, data) = ("message", new StringBuilder());
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return new ServerSentEvent(name, data.ToString());
                }

                (name, data) = ("message", new StringBuilder());
            }
            else if (line.StartsWith(':'))
            {
                comments?.Add(line);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(data.Length > 0 ? "\n" : string.Empty).Append(line["data: ".Length..]);
            }
            else
            {
                throw new InvalidDataException($"Not an event-stream line: '{line}'.");
            }
        }
    }
}
