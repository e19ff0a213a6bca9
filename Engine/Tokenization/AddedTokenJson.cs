using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a Hugging Face added-token object (<c>content</c>, <c>special</c>, <c>lstrip</c>, <c>rstrip</c>,
/// <c>single_word</c>, <c>normalized</c>), as found in <c>tokenizer.json</c>'s <c>added_tokens</c> and
/// <c>tokenizer_config.json</c>'s <c>added_tokens_decoder</c>. <c>normalized</c> is ignored: tokens are
/// matched in the text as written.
/// </summary>
internal static class AddedTokenJson
{
    /// <summary>Reads <paramref name="entry"/> as the added token with id <paramref name="id"/>.</summary>
    public static AddedToken Read(JsonElement entry, int id, string file)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerLoadException(file, $"added token {id} must be a JSON object, not {JsonFields.Describe(entry)}.");
        }

        var content = JsonFields.RequiredString(entry, "content", file);
        if (JsonFields.OptionalBool(entry, "single_word", absent: false, file))
        {
            throw new TokenizerLoadException(file, $"added token {id} '{content}' sets single_word, which is not supported.");
        }

        return new AddedToken(
            id,
            content,
            Special: JsonFields.OptionalBool(entry, "special", absent: false, file),
            LeftStrip: JsonFields.OptionalBool(entry, "lstrip", absent: false, file),
            RightStrip: JsonFields.OptionalBool(entry, "rstrip", absent: false, file));
    }
}
