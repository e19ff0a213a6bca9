using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SparseVila.Bench.Reporting;
using SparseVila.Testing;
using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

namespace SparseVila.Bench.Load;

/// <summary>
/// <c>load</c>: a local cluster of processes (redis-server, Azurite, gpu silos, a client-only Gateway, as infra/local runs
/// it); two videos uploaded and indexed through the API; then N users asking over them through the API for a bounded
/// time, answers streamed. Time to first token and answer latency percentiles, aggregate tokens/s, errors, and each
/// silo's peak resident memory against its visual-context budget.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<int> Run(FileInfo? json, LoadSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings = settings.Validated();
        var scratch = Directory.CreateTempSubdirectory("sparsevila-load-");
        try
        {
            var (modelFolder, modelName) = await ModelAsync(scratch.FullName).ConfigureAwait(false);
            var videos = await VideosAsync(scratch.FullName, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Starting a local cluster: redis-server, Azurite, {settings.GpuSilos} gpu silo(s), a client-only Gateway; model {modelName}");
            // Each user is a tenant of its own (its own API key), as people of different teams would be: one tenant's
            // concurrency limit is a policy, not what this measures.
            var keys = Enumerable.Range(0, settings.Users).Select(i => $"load-user-key-{i.ToString("D4", CultureInfo.InvariantCulture)}-0123456789").ToList();
            await using var cluster = await LocalCluster.StartAsync(modelFolder, settings.GpuSilos,
                [$"--Inference:ContextCacheBytes={settings.ContextCacheBytes.ToString(CultureInfo.InvariantCulture)}"],
                [.. keys.Select((key, i) => $"--Auth:ApiKeys:{key}=user-{i.ToString(CultureInfo.InvariantCulture)}")])
                .ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = cluster.GatewayAddress, Timeout = TimeSpan.FromMinutes(5) };
            Console.WriteLine($"Each of {settings.Users} users (a tenant each) uploads one of {videos.Count} videos and waits for it to be indexed");
            var users = new List<LoadUser>();
            for (var i = 0; i < settings.Users; i++)
            {
                // A tenant sees only its own videos: each user uploads one (the same bytes share one stored cache).
                var videoId = await UploadIndexedAsync(http, keys[i], videos[i % videos.Count], cancellationToken).ConfigureAwait(false);
                users.Add(new LoadUser(http, keys[i], videoId, settings, seed: i));
            }

            Console.WriteLine($"{settings.Users} users asking for {settings.DurationSeconds} s");
            var start = Stopwatch.GetTimestamp();
            var deadline = start + (settings.DurationSeconds * Stopwatch.Frequency);
            await Task.WhenAll(users.Select(u => u.RunAsync(deadline, cancellationToken))).ConfigureAwait(false);
            var wallSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            var answers = users.SelectMany(u => u.Answers).ToList();
            var tokens = answers.Sum(a => (long)a.Tokens);
            var report = new LoadReport(
                modelName, settings, answers.Count, users.Sum(u => u.Errors), tokens, wallSeconds, tokens / wallSeconds,
                Percentiles(answers.Select(a => Milliseconds(a.Asked, a.FirstToken))), Percentiles(answers.Select(a => Milliseconds(a.Asked, a.Done))),
                [.. cluster.Silos.Select(s => new SiloMemory(s, PeakResidentMiB(cluster.ProcessId(s)), settings.ContextCacheBytes / 1048576.0))]);
            Print(report);
            await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
            return report.Errors == 0 ? 0 : 1;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The shipped demo model when it is there; else its architecture with seeded random weights (said in the report).</summary>
    private static async Task<(string Folder, string Name)> ModelAsync(string scratch)
    {
        var shipped = SparseVila.Engine.DefaultModel.Folder();
        if (File.Exists(Path.Combine(shipped, "config.json")))
        {
            return (shipped, $"shipped demo model ({shipped})");
        }

        var folder = Path.Combine(scratch, "model");
        await DemoCheckpoint.WriteRandomAsync(folder).ConfigureAwait(false);
        return (folder, "demo architecture, random weights (the shipped model is not in models/shapes-demo)");
    }

    private static async Task<List<string>> VideosAsync(string scratch, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var seed in new[] { 31, 32 })
        {
            var folder = Path.Combine(scratch, $"videos-{seed.ToString(CultureInfo.InvariantCulture)}");
            var record = await DatasetGenerator.GenerateVideoAsync(new DatasetOptions(folder, 1, seed, 32, 32, CodecChoice.H264, 256, 256, 4, 4), seed, seed, cancellationToken)
                .ConfigureAwait(false);
            paths.Add(Path.Combine(folder, record.Video));
        }

        return paths;
    }

    private static async Task<string> UploadIndexedAsync(HttpClient http, string apiKey, string path, CancellationToken cancellationToken)
    {
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/videos") { Content = new StreamContent(File.OpenRead(path)) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        upload.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(upload, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false)).GetProperty("id").GetString()!;
        using var follow = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{id}/events");
        follow.Headers.Add("X-Api-Key", apiKey);
        using var events = await http.SendAsync(follow, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var status = string.Empty;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                status = JsonDocument.Parse(line[6..]).RootElement.GetProperty("status").GetString()!;
            }
        }

        return status == "indexed" ? id : throw new InvalidOperationException($"Video {id} ended {status}, not indexed.");
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static Dictionary<string, double> Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return new Dictionary<string, double> { ["p50"] = Percentile(sorted, 0.50), ["p95"] = Percentile(sorted, 0.95), ["p99"] = Percentile(sorted, 0.99) };
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The process's peak resident set (VmHWM in /proc), in MiB; NaN where /proc is not there.</summary>
    private static double PeakResidentMiB(int processId)
    {
        var status = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(status))
        {
            return double.NaN;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static void Print(LoadReport report)
    {
        Console.WriteLine();
        Console.WriteLine($"Model: {report.Model}; {report.Settings.Users} users, {report.Settings.DurationSeconds} s, {report.Settings.MaxNewTokens} tokens an answer");
        var table = new MarkdownTable("users", "answers", "errors", "tokens", "wall s", "aggregate tok/s", "TTFT p50 ms", "TTFT p95 ms", "TTFT p99 ms",
            "answer p50 ms", "answer p95 ms", "answer p99 ms");
        table.Add(F(report.Settings.Users, "F0"), F(report.Answers, "F0"), F(report.Errors, "F0"), F(report.GeneratedTokens, "F0"), F(report.WallSeconds, "F1"),
            F(report.AggregateTokensPerSecond, "F1"), F(report.TimeToFirstTokenMilliseconds["p50"], "F0"), F(report.TimeToFirstTokenMilliseconds["p95"], "F0"),
            F(report.TimeToFirstTokenMilliseconds["p99"], "F0"), F(report.AnswerMilliseconds["p50"], "F0"), F(report.AnswerMilliseconds["p95"], "F0"),
            F(report.AnswerMilliseconds["p99"], "F0"));
        Console.WriteLine(table);
        var memory = new MarkdownTable("silo", "peak resident MiB", "context cache budget MiB");
        foreach (var silo in report.Silos)
        {
            memory.Add(silo.Silo, F(silo.PeakResidentMiB, "F0"), F(silo.ContextCacheBudgetMiB, "F0"));
        }

        Console.WriteLine(memory);
        Console.WriteLine(report.Errors == 0 ? "errors: 0 (target met)" : $"errors: {report.Errors} (target 0 NOT met)");
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
