using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseVila.Training.Shapes;

/// <summary>Writes a shape, colour or cell as its task word ("top left") and reads only those words back.</summary>
internal sealed class WordEnumJsonConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"a {typeof(TEnum).Name} is written as a word, not as {reader.TokenType}.");
        }

        try
        {
            return ShapesVocabulary.Parse<TEnum>(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ShapesVocabulary.WordsOf<TEnum>()[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)]);
    }
}
