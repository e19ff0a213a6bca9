using System.Globalization;
using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>What the loader takes from <c>tokenizer_config.json</c>.</summary>
/// <param name="BosToken">The beginning-of-sequence token's content, or null (Qwen2 has none).</param>
/// <param name="EosToken">The end-of-sequence token's content, or null.</param>
/// <param name="PadToken">The padding token's content, or null.</param>
/// <param name="AddedTokens"><c>added_tokens_decoder</c>.</param>
/// <param name="TokenizerClass"><c>tokenizer_class</c>, e.g. "Qwen2Tokenizer".</param>
/// <param name="Legacy">Llama's <c>legacy</c>: whether text after an added token gets SentencePiece's dummy "▁" (default true).</param>
/// <param name="AddPrefixSpace">Byte-level BPE's <c>add_prefix_space</c> (default false).</param>
internal sealed record TokenizerConfig(
    string? BosToken,
    string? EosToken,
    string? PadToken,
    IReadOnlyList<AddedToken> AddedTokens,
    string? TokenizerClass,
    bool Legacy,
    bool AddPrefixSpace)
{
    /// <summary>The file name in a checkpoint folder.</summary>
    public const string FileName = "tokenizer_config.json";

    /// <summary>What holds when the checkpoint has no <c>tokenizer_config.json</c>.</summary>
    public static TokenizerConfig None { get; } = new(null, null, null, [], null, Legacy: true, AddPrefixSpace: false);

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static TokenizerConfig Read(string path)
    {
        using var document = JsonFields.ParseFile(path);
        var root = JsonFields.RootObject(document, path);
        return new TokenizerConfig(
            TokenContent(root, "bos_token", path),
            TokenContent(root, "eos_token", path),
            TokenContent(root, "pad_token", path),
            ReadAddedTokens(root, path),
            JsonFields.OptionalString(root, "tokenizer_class", path),
            JsonFields.OptionalBool(root, "legacy", absent: true, path),
            JsonFields.OptionalBool(root, "add_prefix_space", absent: false, path));
    }

    // A special token is written either as its content or as an AddedToken object with a "content".
    private static string? TokenContent(JsonElement root, string name, string file) => JsonFields.Optional(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Object } value => JsonFields.RequiredString(value, "content", file),
        var other => throw new TokenizerLoadException(file, $"'{name}' must be a string or a token object, not {JsonFields.Describe(other.Value)}."),
    };

    private static List<AddedToken> ReadAddedTokens(JsonElement root, string file)
    {
        if (JsonFields.Optional(root, "added_tokens_decoder") is not { } decoder)
        {
            return [];
        }

        if (decoder.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerLoadException(file, $"'added_tokens_decoder' must be an object keyed by token id, not {JsonFields.Describe(decoder)}.");
        }

        var tokens = new List<AddedToken>();
        foreach (var entry in decoder.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new TokenizerLoadException(file, $"'added_tokens_decoder' key '{entry.Name}' is not a token id.");
            }

            tokens.Add(AddedTokenJson.Read(entry.Value, id, file));
        }

        return tokens;
    }
}
