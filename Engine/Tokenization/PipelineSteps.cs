using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a <c>tokenizer.json</c> pipeline section (<c>normalizer</c>, <c>pre_tokenizer</c>, <c>decoder</c>)
/// as the flat list of steps it applies: nothing when absent, a <c>Sequence</c>'s members in order.
/// </summary>
internal static class PipelineSteps
{
    // Each section names its Sequence's list of steps differently.
    private static readonly string[] SequenceListNames = ["normalizers", "pretokenizers", "decoders"];

    /// <summary>The steps of section <paramref name="section"/> of <paramref name="root"/>.</summary>
    public static IReadOnlyList<JsonElement> Read(JsonElement root, string section, string file)
    {
        var steps = new List<JsonElement>();
        if (JsonFields.Optional(root, section) is { } value)
        {
            Flatten(value, section, file, steps);
        }

        return steps;
    }

    /// <summary>A step's <c>type</c>.</summary>
    public static string TypeOf(JsonElement step, string section, string file) =>
        step.ValueKind == JsonValueKind.Object
            ? JsonFields.OptionalString(step, "type", file) ?? throw new TokenizerLoadException(file, $"a '{section}' step has no 'type'.")
            : throw new TokenizerLoadException(file, $"a '{section}' step must be a JSON object, not {JsonFields.Describe(step)}.");

    /// <summary>A <c>Replace</c> or <c>Split</c> step's <c>pattern</c>: a literal or a regular expression, one of them set.</summary>
    public static (string? Literal, string? Regex) Pattern(JsonElement step, string section, string file)
    {
        var pattern = JsonFields.RequiredObject(step, "pattern", file);
        var literal = JsonFields.OptionalString(pattern, "String", file);
        var regex = JsonFields.OptionalString(pattern, "Regex", file);
        return literal is null == regex is null
            ? throw new TokenizerLoadException(file, $"a '{section}' pattern must have one of 'String' and 'Regex'.")
            : (literal, regex);
    }

    /// <summary>An error for a step this loader does not implement.</summary>
    public static TokenizerLoadException Unsupported(string type, string section, string file, string why) =>
        new(file, $"'{section}' step '{type}' is not supported: {why}");

    private static void Flatten(JsonElement value, string section, string file, List<JsonElement> steps)
    {
        if (TypeOf(value, section, file) != "Sequence")
        {
            steps.Add(value);
            return;
        }

        var list = SequenceListNames
            .Select(name => JsonFields.Optional(value, name))
            .FirstOrDefault(v => v is { ValueKind: JsonValueKind.Array })
            ?? throw new TokenizerLoadException(file, $"a '{section}' Sequence has no list of steps.");
        foreach (var member in list.EnumerateArray())
        {
            Flatten(member, section, file, steps);
        }
    }
}
