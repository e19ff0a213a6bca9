using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SparseVila.Cluster.Tests;

/// <summary>HTTP calls to the cluster's Gateway, as a client that rides out a silo's death: it tries again while the cluster notices.</summary>
internal sealed class ClusterClient(Uri gateway) : IDisposable
{
    /// <summary>How long a call keeps trying while the cluster recovers (death detection, reactivation, resumed indexing).</summary>
    public static TimeSpan RecoveryTimeout { get; } = TimeSpan.FromMinutes(4);

    private readonly HttpClient _http = new() { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(100) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async Task<string> UploadAsync(string path)
    {
        using var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var response = await _http.PostAsync(new Uri("/api/videos", UriKind.Relative), content, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    /// <summary>The video's status as the Gateway reports it now.</summary>
    public async Task<JsonElement> VideoAsync(string id) => await RetryAsync(async () =>
    {
        using var response = await _http.GetAsync(new Uri($"/api/videos/{id}", UriKind.Relative), Cancel);
        return response.IsSuccessStatusCode ? (true, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)) : (false, default);
    });

    /// <summary>Follows the video's events until it is indexed or failed, following again when a stream breaks (its silo died).</summary>
    public async Task<string> WaitSettledAsync(string id)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(RecoveryTimeout);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{id}/events");
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
                while (await reader.ReadLineAsync(deadline.Token) is { } line)
                {
                    var status = line.StartsWith("data: ", StringComparison.Ordinal)
                        ? JsonDocument.Parse(line[6..]).RootElement.GetProperty("status").GetString()
                        : null;
                    if (status is "indexed" or "failed")
                    {
                        return status;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !deadline.IsCancellationRequested)
            {
                // The stream broke with its silo; follow again.
            }
        }
    }

    public async Task<string> StartConversationAsync(string videoId) => await RetryAsync(async () =>
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/api/conversations", UriKind.Relative), new { videoIds = new[] { videoId } }, Cancel);
        return response.StatusCode == HttpStatusCode.Created
            ? (true, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!)
            : (false, string.Empty);
    });

    /// <summary>Asks, trying again on a server error while the cluster recovers; the answer's JSON.</summary>
    public async Task<JsonElement> AskAsync(string conversationId, string question) => await RetryAsync(async () =>
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"/api/conversations/{conversationId}/messages", UriKind.Relative),
            new { question, maxNewTokens = 6 }, Cancel);
        Assert.False(response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError && response.StatusCode != HttpStatusCode.TooManyRequests,
            $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return response.IsSuccessStatusCode ? (true, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)) : (false, default);
    });

    public async Task<JsonElement> ConversationAsync(string id) =>
        await _http.GetFromJsonAsync<JsonElement>(new Uri($"/api/conversations/{id}", UriKind.Relative), Cancel);

    /// <summary>The Gateway's readiness report.</summary>
    public async Task<JsonElement> ReadinessAsync()
    {
        using var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative), Cancel);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Runs <paramref name="attempt"/> until it gives a value, or fails after <see cref="RecoveryTimeout"/>; a failed attempt is one the cluster answered with a server error or not at all.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<(bool Ok, T Value)>> attempt)
    {
        var deadline = DateTime.UtcNow + RecoveryTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var (ok, value) = await attempt();
                if (ok)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Cancel.IsCancellationRequested)
            {
                last = e;
            }

            // The cluster is still noticing a death: try again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        }

        throw new TimeoutException($"No success within {RecoveryTimeout.TotalMinutes} minutes.", last);
    }
}
