using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads Hugging Face JSON files field by field, turning every surprise into a
/// <see cref="TokenizerLoadException"/> that names the file and the field.
/// </summary>
internal static class JsonFields
{
    /// <summary>Parses the file at <paramref name="path"/>.</summary>
    public static JsonDocument ParseFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerLoadException(path, $"cannot be read: {e.Message}", e);
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new TokenizerLoadException(path, $"is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The root, which must be an object.</summary>
    public static JsonElement RootObject(JsonDocument document, string file) =>
        document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement
            : throw new TokenizerLoadException(file, $"must hold a JSON object, not {Describe(document.RootElement)}.");

    /// <summary>The property <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The object property <paramref name="name"/>, which must be present.</summary>
    public static JsonElement RequiredObject(JsonElement owner, string name, string file) =>
        Optional(owner, name) is { ValueKind: JsonValueKind.Object } value
            ? value
            : throw new TokenizerLoadException(file, $"'{name}' must be a JSON object.");

    /// <summary>The string property <paramref name="name"/>, or null when absent.</summary>
    public static string? OptionalString(JsonElement owner, string name, string file) => Optional(owner, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        var other => throw new TokenizerLoadException(file, $"'{name}' must be a string, not {Describe(other.Value)}."),
    };

    /// <summary>The string property <paramref name="name"/>, which must be present.</summary>
    public static string RequiredString(JsonElement owner, string name, string file) =>
        OptionalString(owner, name, file) ?? throw new TokenizerLoadException(file, $"'{name}' is missing.");

    /// <summary>The boolean property <paramref name="name"/>, or <paramref name="absent"/> when it is not there.</summary>
    public static bool OptionalBool(JsonElement owner, string name, bool absent, string file) => Optional(owner, name) switch
    {
        null => absent,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        var other => throw new TokenizerLoadException(file, $"'{name}' must be true or false, not {Describe(other.Value)}."),
    };

    /// <summary>A non-negative 32-bit integer such as a token id; <paramref name="name"/> is the field it came from.</summary>
    public static int NonNegativeInt(JsonElement value, string name, string file) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw new TokenizerLoadException(file, $"'{name}' must be a non-negative integer, not {Describe(value)}.");

    /// <summary>A JSON value as it reads in an error message, shortened.</summary>
    public static string Describe(JsonElement value)
    {
        var raw = value.GetRawText();
        return $"{value.ValueKind.ToString().ToLowerInvariant()} {(raw.Length > 40 ? raw[..40] + "…" : raw)}";
    }
}
