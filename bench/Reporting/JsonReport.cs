using System.Text.Json;

namespace SparseVila.Bench.Reporting;

/// <summary>Writes a benchmark's results as indented snake_case JSON.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="file"/> when one was given.</summary>
    public static async Task WriteAsync<T>(FileInfo? file, T report)
    {
        if (file is null)
        {
            return;
        }

        file.Directory?.Create();
        await using var stream = file.Create();
        await JsonSerializer.SerializeAsync(stream, report, Options).ConfigureAwait(false);
    }
}
