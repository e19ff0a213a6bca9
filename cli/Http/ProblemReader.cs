using System.Text.Json;

namespace SparseVila.Cli.Http;

/// <summary>
/// Turns a refused response into an <see cref="ApiException"/> with the problem's title and detail. Read by hand, not
/// deserialized, so a body that is not a problem (a proxy's HTML page) or a problem with extension members of any shape
/// still gives a readable message.
/// </summary>
internal static class ProblemReader
{
    private const int MaxDetailChars = 300;

    public static async Task<ApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return FromBody(status, response.ReasonPhrase, body);
    }

    /// <summary>The exception for a response of <paramref name="status"/> with <paramref name="body"/>.</summary>
    public static ApiException FromBody(int status, string? reasonPhrase, string body)
    {
        var fallbackTitle = string.IsNullOrEmpty(reasonPhrase) ? $"HTTP {status}" : reasonPhrase;
        if (TryParse(body) is { } problem)
        {
            // A conversation over a video whose indexing failed can never be answered: that is the video's failure.
            var exitCode = status == 409 && problem.VideoStatus == VideoStatuses.Failed ? ExitCodes.Refused : (int?)null;
            return new ApiException(status, problem.Title ?? fallbackTitle, problem.Detail ?? string.Empty, exitCode);
        }

        // Not a problem (a proxy's page, a server's crash report): its first line says enough, and a stack trace is
        // not for the person at the command line.
        var firstLine = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        return new ApiException(status, fallbackTitle, firstLine.Length > MaxDetailChars ? firstLine[..MaxDetailChars] + "…" : firstLine);
    }

    /// <summary>The problem in <paramref name="json"/> (an <c>error</c> event's data, say), or null when it is not one.</summary>
    public static Problem? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? title = null, detail = null, videoStatus = null;
            int? status = null;
            foreach (var member in document.RootElement.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "title" when member.Value.ValueKind == JsonValueKind.String:
                        title = member.Value.GetString();
                        break;
                    case "detail" when member.Value.ValueKind == JsonValueKind.String:
                        detail = member.Value.GetString();
                        break;
                    case "status" when member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt32(out var number):
                        status = number;
                        break;
                    case "videoStatus" when member.Value.ValueKind == JsonValueKind.String:
                        // A 409's extension member: where the video that is not indexed stands (docs/api.md).
                        videoStatus = member.Value.GetString();
                        break;
                    default:
                        break;
                }
            }

            return title is null && detail is null ? null : new Problem(title, detail, status) { VideoStatus = videoStatus };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
