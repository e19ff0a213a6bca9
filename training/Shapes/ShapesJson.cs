using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseVila.Training.Shapes;

/// <summary>
/// The JSON form of scenes, styles and questions (docs/shapes-task.md): snake_case property names; shapes, colours
/// and cells as their task words; question types and codecs as snake_case names; nulls written out.
/// </summary>
public static class ShapesJson
{
    /// <summary>Options for <see cref="JsonSerializer"/>, one line per value (no indentation), as in qa.jsonl.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>One line of JSON.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a value; throws <see cref="JsonException"/> for malformed JSON or unknown words, and the type's own exception for broken rules.</summary>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"'null' is not a {typeof(T).Name}.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            RespectNullableAnnotations = true,
            Converters =
            {
                new WordEnumJsonConverter<ShapeKind>(),
                new WordEnumJsonConverter<ShapeColor>(),
                new WordEnumJsonConverter<GridCell>(),
                new JsonStringEnumConverter<QuestionType>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false),
                new JsonStringEnumConverter<VideoCodec>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false),
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
