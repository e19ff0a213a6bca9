using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SparseVila.Bench.Load;

/// <summary>One simulated user: conversations over a video, questions asked one after another with streamed answers, timed.</summary>
internal sealed class LoadUser(HttpClient http, string videoId, LoadSettings settings, int seed)
{
    private static readonly string[] Questions =
    [
        "how many objects are there at second {0}?", "what shape is at the center at second {0}?", "what color is the circle at second {0}?",
        "where is the red square at second {0}?", "when does the blue triangle first appear?",
    ];

    public List<TimedAnswer> Answers { get; } = [];

    public int Errors { get; private set; }

    public async Task RunAsync(long deadlineTimestamp, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        while (Stopwatch.GetTimestamp() < deadlineTimestamp)
        {
            var conversation = await StartAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < settings.QuestionsPerConversation && conversation is not null && Stopwatch.GetTimestamp() < deadlineTimestamp; i++)
            {
                var question = string.Format(System.Globalization.CultureInfo.InvariantCulture, Questions[random.Next(Questions.Length)], random.Next(30));
                if (await AskAsync(conversation, question, cancellationToken).ConfigureAwait(false) is { } answer)
                {
                    Answers.Add(answer);
                }
                else
                {
                    Errors++;
                }
            }
        }
    }

    private async Task<string?> StartAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/conversations", UriKind.Relative), new { videoIds = new[] { videoId } }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            Errors++;
            return null;
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false)).GetProperty("id").GetString();
    }

    /// <summary>The timed answer, or null when the question failed in any way.</summary>
    private async Task<TimedAnswer?> AskAsync(string conversation, string question, CancellationToken cancellationToken)
    {
        var asked = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/messages")
            {
                Content = JsonContent.Create(new { question, maxNewTokens = settings.MaxNewTokens }),
            };
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            long? firstToken = null;
            var eventName = string.Empty;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line[7..];
                    firstToken ??= eventName == "token" ? Stopwatch.GetTimestamp() : null;
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName is "done" or "error")
                {
                    if (eventName == "error")
                    {
                        return null;
                    }

                    var done = Stopwatch.GetTimestamp();
                    var tokens = JsonDocument.Parse(line[6..]).RootElement.GetProperty("stats").GetProperty("generatedTokens").GetInt32();
                    return new TimedAnswer(asked, firstToken ?? done, done, tokens);
                }
            }

            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }
    }
}

/// <summary>When a question was asked, its first token came and its answer was done (Stopwatch timestamps), and its tokens.</summary>
internal sealed record TimedAnswer(long Asked, long FirstToken, long Done, int Tokens);
