using System.Text.Json;

namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c>, which says which shard of a sharded checkpoint holds each tensor:
/// <c>{"metadata": {"total_size": bytes}, "weight_map": {"tensor name": "model-00001-of-00002.safetensors", …}}</c>.
/// </summary>
internal static class CheckpointIndex
{
    /// <summary>The index's file name in a checkpoint folder.</summary>
    public const string FileName = "model.safetensors.index.json";

    /// <summary>
    /// Reads the weight map (tensor name → shard file name). Throws <see cref="CheckpointException"/> naming
    /// <paramref name="path"/> when the JSON is malformed, there is no weight map, or a shard is not a plain file name.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadWeightMap(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException error)
        {
            throw new CheckpointException(path, $"the index is not valid JSON: {error.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var weightMapElement)
                || weightMapElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(path, "the index has no \"weight_map\" object.");
            }

            var problems = new List<string>();
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in weightMapElement.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : null;
                if (shard is null || shard != Path.GetFileName(shard) || shard is "" or "." or "..")
                {
                    problems.Add($"{entry.Name}: the weight map gives {entry.Value.GetRawText()}, not the file name of a shard in this folder.");
                }
                else if (!weightMap.TryAdd(entry.Name, shard))
                {
                    problems.Add($"{entry.Name}: appears twice in the weight map.");
                }
            }

            return problems.Count == 0 ? weightMap : throw new CheckpointException(path, problems);
        }
    }

    /// <summary>Writes the index for <paramref name="weightMap"/>, its tensors' data taking <paramref name="totalSizeBytes"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, string> weightMap, long totalSizeBytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("metadata");
        writer.WriteNumber("total_size", totalSizeBytes);
        writer.WriteEndObject();
        writer.WriteStartObject("weight_map");
        foreach (var (name, shard) in weightMap.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            writer.WriteString(name, shard);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
