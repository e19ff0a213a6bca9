using System.Runtime.CompilerServices;
using System.Text;

namespace SparseVila.Cli.Http;

/// <summary>
/// Reads a <c>text/event-stream</c> as the HTML standard frames it: lines end in CRLF, LF or CR; a blank line ends an
/// event; <c>data</c> lines are joined with newlines; lines starting with <c>:</c> are comments; one space after the
/// field's colon is dropped; an event with no data is not dispatched, nor is one the stream ends in the middle of.
/// Events are yielded as soon as their blank line arrives, however the bytes were split across reads (with lines that
/// end in a lone CR, as soon as the next byte shows that no LF follows: the Gateway ends its lines with LF).
/// </summary>
public static class SseReader
{
    private const string DefaultEventType = "message";

    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // UTF-8 only (the standard's choice); StreamReader drops a leading byte order mark and splits lines on CR, LF and
        // CRLF even when a CRLF straddles two reads.
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        string? type = null;
        var data = new StringBuilder();
        string? lastEventId = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    // The data buffer ends with the newline its last data line appended.
                    yield return new SseEvent(type ?? DefaultEventType, data.ToString(0, data.Length - 1), lastEventId);
                }

                type = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(value).Append('\n');
                    break;
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    lastEventId = value;
                    break;
                default:
                    // `retry` and unknown fields: nothing this client uses.
                    break;
            }
        }
    }
}
