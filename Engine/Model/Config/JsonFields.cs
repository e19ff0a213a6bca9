using System.Text.Json;

namespace SparseVila.Engine.Model.Config;

/// <summary>Typed reads of a config.json object that name the field (with its JSON path) when it is missing or wrong.</summary>
internal sealed class JsonFields(string path, string prefix, JsonElement element)
{
    public string Path { get; } = path;

    public bool Has(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public ModelConfigException Error(string name, string message) => new(Path, prefix + name, message);

    public JsonFields Object(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw Error(name, "must be a JSON object.");
        }

        return new JsonFields(Path, prefix + name + ".", value);
    }

    public int Int(string name, int? fallback = null)
    {
        if (!Has(name))
        {
            return fallback ?? throw Error(name, "is required.");
        }

        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Error(name, $"must be an integer, not {value}.");
    }

    public int PositiveInt(string name, int? fallback = null)
    {
        var value = Int(name, fallback);
        return value > 0 ? value : throw Error(name, $"must be positive, not {value}.");
    }

    public double Double(string name, double? fallback = null)
    {
        if (!Has(name))
        {
            return fallback ?? throw Error(name, "is required.");
        }

        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Error(name, $"must be a number, not {value}.");
    }

    public bool Bool(string name, bool fallback)
    {
        if (!Has(name))
        {
            return fallback;
        }

        var value = element.GetProperty(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, $"must be true or false, not {value}."),
        };
    }

    public string String(string name, string? fallback = null)
    {
        if (!Has(name))
        {
            return fallback ?? throw Error(name, "is required.");
        }

        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(name, $"must be a string, not {value}.");
    }

    /// <summary>A string that must be one of <paramref name="supported"/>; anything else is rejected, never mapped.</summary>
    public string Choice(string name, string? fallback, params string[] supported)
    {
        var value = String(name, fallback);
        return supported.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Error(name, $"'{value}' is not implemented; supported: {string.Join(", ", supported)}.");
    }

    /// <summary>An integer, or a list of integers (e.g. eos_token_id).</summary>
    public IReadOnlyList<int> Ints(string name)
    {
        if (!Has(name))
        {
            return [];
        }

        var value = element.GetProperty(name);
        return value.ValueKind switch
        {
            JsonValueKind.Number => [value.GetInt32()],
            JsonValueKind.Array => value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Number
                ? item.GetInt32()
                : throw Error(name, $"must hold integers, not {item}.")).ToList(),
            _ => throw Error(name, $"must be an integer or a list of integers, not {value}."),
        };
    }

    public JsonElement? Raw(string name) => Has(name) ? element.GetProperty(name) : null;
}
