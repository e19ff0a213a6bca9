using System.Buffers;
using System.Text.Json;

namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// The JSON header of a safetensors file: <c>{"__metadata__": {string: string}, name: {"dtype", "shape",
/// "data_offsets": [begin, end]}, …}</c>, offsets counted from the first byte after the header.
/// </summary>
internal sealed record SafetensorsHeader(
    IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The reserved key holding the file's string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// Parses and validates <paramref name="json"/>: every tensor's dtype is known, its offsets lie within the
    /// <paramref name="dataLengthBytes"/> that follow the header, hold exactly its elements, and overlap no other
    /// tensor's. Throws <see cref="CheckpointException"/> naming <paramref name="path"/> with every problem found.
    /// </summary>
    public static SafetensorsHeader Parse(string path, ReadOnlyMemory<byte> json, long dataLengthBytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw new CheckpointException(path, $"the header is not valid JSON: {error.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(path, $"the header is a JSON {document.RootElement.ValueKind}, not an object of tensors.");
            }

            var problems = new List<string>();
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(entry.Name))
                {
                    problems.Add($"{entry.Name}: appears twice in the header.");
                }
                else if (entry.Name == MetadataKey)
                {
                    ReadMetadata(entry.Value, metadata, problems);
                }
                else if (ReadTensor(entry.Name, entry.Value, dataLengthBytes, problems) is { } info)
                {
                    tensors.Add(info.Name, info);
                }
            }

            FindOverlaps(tensors.Values, problems);
            return problems.Count == 0
                ? new SafetensorsHeader(tensors, metadata)
                : throw new CheckpointException(path, problems);
        }
    }

    /// <summary>
    /// Writes the header for <paramref name="tensors"/> (in the order given) as UTF-8 JSON, padded with spaces so
    /// that the header, with its 8-byte length in front, ends on an 8-byte boundary, as Hugging Face's writer does.
    /// </summary>
    public static byte[] Serialize(IEnumerable<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            foreach (var tensor in tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DataType);
                WriteArray(writer, "shape", tensor.Shape);
                WriteArray(writer, "data_offsets", [tensor.DataOffsetBytes, tensor.DataOffsetBytes + tensor.DataLengthBytes]);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        const int alignmentBytes = 8;
        var paddedLength = (buffer.WrittenCount + alignmentBytes - 1) / alignmentBytes * alignmentBytes;
        var header = new byte[paddedLength];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{MetadataKey}: is a JSON {value.ValueKind}, not an object of strings.");
            return;
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind == JsonValueKind.String)
            {
                metadata[item.Name] = item.Value.GetString()!;
            }
            else
            {
                problems.Add($"{MetadataKey}: the value of '{item.Name}' is a JSON {item.Value.ValueKind}, not a string.");
            }
        }
    }

    private static SafetensorsTensorInfo? ReadTensor(string name, JsonElement value, long dataLengthBytes, List<string> problems)
    {
        var before = problems.Count;
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{name}: is a JSON {value.ValueKind}, not a tensor entry.");
            return null;
        }

        string? dataType = null;
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name}: has no \"dtype\" string.");
        }
        else
        {
            dataType = dtypeElement.GetString()!;
        }

        var shape = ReadCounts(name, value, "shape", problems);
        var offsets = ReadCounts(name, value, "data_offsets", problems);
        if (offsets is not null && offsets.Length != 2)
        {
            problems.Add($"{name}: \"data_offsets\" has {offsets.Length} numbers, not [begin, end].");
        }

        var elementBytes = 0;
        if (dataType is not null && !SafetensorsDataTypes.TryGetSizeBytes(dataType, out elementBytes))
        {
            problems.Add($"{name}: dtype '{dataType}' is not a safetensors type; known: {SafetensorsDataTypes.KnownNames}.");
        }

        if (problems.Count > before)
        {
            return null;
        }

        var (begin, end) = (offsets![0], offsets[1]);
        if (begin > end || end > dataLengthBytes)
        {
            problems.Add($"{name}: data_offsets [{begin}, {end}] lie outside the {dataLengthBytes} data bytes after the header (the file is truncated or the offsets are wrong).");
            return null;
        }

        var expectedBytes = LengthBytes(shape!, elementBytes);
        if (expectedBytes != end - begin)
        {
            var expected = expectedBytes is null ? "more than a file can hold" : $"{expectedBytes} bytes";
            problems.Add($"{name}: data_offsets [{begin}, {end}] hold {end - begin} bytes, but {dataType} {ShapeText.Of(shape!)} needs {expected}.");
            return null;
        }

        return new SafetensorsTensorInfo(name, dataType!, shape!, begin, end - begin);
    }

    /// <summary>Reads an array of non-negative integers (a shape or offsets); null, with a problem, when it is not one.</summary>
    private static long[]? ReadCounts(string name, JsonElement value, string property, List<string> problems)
    {
        if (!value.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{name}: has no \"{property}\" array.");
            return null;
        }

        var counts = new long[array.GetArrayLength()];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out counts[index]) || counts[index] < 0)
            {
                problems.Add($"{name}: \"{property}\" holds {item.GetRawText()}, not a non-negative integer.");
                return null;
            }

            index++;
        }

        return counts;
    }

    /// <summary>Elements × element size; null when that does not fit a long.</summary>
    private static long? LengthBytes(long[] shape, int elementBytes)
    {
        try
        {
            return shape.Aggregate((long)elementBytes, (product, dimension) => checked(product * dimension));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static void FindOverlaps(IEnumerable<SafetensorsTensorInfo> tensors, List<string> problems)
    {
        SafetensorsTensorInfo? previous = null;
        foreach (var tensor in tensors.Where(t => t.DataLengthBytes > 0).OrderBy(t => t.DataOffsetBytes))
        {
            if (previous is not null && tensor.DataOffsetBytes < previous.DataOffsetBytes + previous.DataLengthBytes)
            {
                problems.Add($"{tensor.Name}: data_offsets [{tensor.DataOffsetBytes}, {tensor.DataOffsetBytes + tensor.DataLengthBytes}] overlap "
                             + $"{previous.Name}'s [{previous.DataOffsetBytes}, {previous.DataOffsetBytes + previous.DataLengthBytes}].");
            }

            if (previous is null || tensor.DataOffsetBytes + tensor.DataLengthBytes > previous.DataOffsetBytes + previous.DataLengthBytes)
            {
                previous = tensor;
            }
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, string property, long[] values)
    {
        writer.WriteStartArray(property);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }
}
