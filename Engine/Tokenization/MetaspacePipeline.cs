using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a SentencePiece-style BPE's pipeline from <c>tokenizer.json</c>, in either of the two shapes
/// Hugging Face writes for Llama: the legacy normalizer <c>[Prepend "▁", Replace " " → "▁"]</c> with no
/// pre-tokenizer, or a <c>Metaspace</c> pre-tokenizer with no normalizer; and a decoder made of
/// <c>Replace "▁" → " "</c>, <c>ByteFallback</c>, <c>Fuse</c>, <c>Strip</c> or <c>Metaspace</c> steps.
/// </summary>
internal static class MetaspacePipeline
{
    private const string MetaspaceText = "\u2581";

    /// <summary>Reads the settings from <c>tokenizer.json</c>'s <paramref name="root"/> and its <paramref name="model"/>.</summary>
    public static MetaspaceBpeSettings Read(JsonElement root, JsonElement model, string file)
    {
        var (escaping, split) = ReadEscaping(root, file);
        var (decodesByteTokens, stripsLeadingSpace) = ReadDecoder(root, file);
        var unknownToken = JsonFields.OptionalString(model, "unk_token", file)
            ?? throw new TokenizerLoadException(file, "model.unk_token is missing; SentencePiece-style BPE needs it for characters outside the vocabulary.");
        return new MetaspaceBpeSettings(
            escaping,
            split,
            unknownToken,
            FuseUnknown: JsonFields.OptionalBool(model, "fuse_unk", absent: false, file),
            ByteFallback: JsonFields.OptionalBool(model, "byte_fallback", absent: false, file),
            decodesByteTokens,
            stripsLeadingSpace);
    }

    private static (MetaspaceEscaping Escaping, bool Split) ReadEscaping(JsonElement root, string file)
    {
        var normalizers = PipelineSteps.Read(root, "normalizer", file);
        var preTokenizers = PipelineSteps.Read(root, "pre_tokenizer", file);
        if (preTokenizers.Count == 0 && IsLegacyNormalizer(normalizers, file))
        {
            // Hugging Face's Prepend puts "▁" before every non-empty segment, even one that starts with a space.
            return (new MetaspaceEscaping(MetaspacePrefixScope.EverySegment, PrefixWhenSpaced: true), false);
        }

        if (normalizers.Count == 0 && preTokenizers.Count == 1 && PipelineSteps.TypeOf(preTokenizers[0], "pre_tokenizer", file) == "Metaspace")
        {
            var metaspace = preTokenizers[0];
            var scope = ReadPrependScheme(metaspace, "pre_tokenizer", file);
            return (new MetaspaceEscaping(scope, PrefixWhenSpaced: false), JsonFields.OptionalBool(metaspace, "split", absent: true, file));
        }

        var found = string.Join(", ", normalizers.Select(s => PipelineSteps.TypeOf(s, "normalizer", file)));
        var foundPre = string.Join(", ", preTokenizers.Select(s => PipelineSteps.TypeOf(s, "pre_tokenizer", file)));
        throw new TokenizerLoadException(file,
            $"BPE without a ByteLevel pre-tokenizer is read as SentencePiece-style, which needs normalizer [Prepend '▁', Replace ' ' → '▁'] and no pre_tokenizer, " +
            $"or a Metaspace pre_tokenizer and no normalizer; found normalizer [{found}] and pre_tokenizer [{foundPre}].");
    }

    private static bool IsLegacyNormalizer(IReadOnlyList<JsonElement> steps, string file) =>
        steps.Count == 2 &&
        PipelineSteps.TypeOf(steps[0], "normalizer", file) == "Prepend" &&
        JsonFields.OptionalString(steps[0], "prepend", file) == MetaspaceText &&
        PipelineSteps.TypeOf(steps[1], "normalizer", file) == "Replace" &&
        PipelineSteps.Pattern(steps[1], "normalizer", file).Literal == " " &&
        JsonFields.OptionalString(steps[1], "content", file) == MetaspaceText;

    private static MetaspacePrefixScope ReadPrependScheme(JsonElement metaspace, string section, string file)
    {
        if (JsonFields.OptionalString(metaspace, "replacement", file) != MetaspaceText)
        {
            throw PipelineSteps.Unsupported("Metaspace", section, file, "a replacement other than '▁'.");
        }

        // Files written before prepend_scheme existed say add_prefix_space instead.
        var scheme = JsonFields.OptionalString(metaspace, "prepend_scheme", file)
            ?? (JsonFields.OptionalBool(metaspace, "add_prefix_space", absent: true, file) ? "always" : "never");
        return scheme switch
        {
            "always" => MetaspacePrefixScope.EverySegment,
            "first" => MetaspacePrefixScope.FirstSegment,
            "never" => MetaspacePrefixScope.Never,
            _ => throw PipelineSteps.Unsupported("Metaspace", section, file, $"prepend_scheme '{scheme}'."),
        };
    }

    private static (bool DecodesByteTokens, bool StripsLeadingSpace) ReadDecoder(JsonElement root, string file)
    {
        var (restoresSpaces, decodesByteTokens, stripsLeadingSpace) = (false, false, false);
        foreach (var step in PipelineSteps.Read(root, "decoder", file))
        {
            var type = PipelineSteps.TypeOf(step, "decoder", file);
            switch (type)
            {
                case "Replace" when PipelineSteps.Pattern(step, "decoder", file).Literal == MetaspaceText && JsonFields.OptionalString(step, "content", file) == " ":
                    restoresSpaces = true;
                    break;
                case "ByteFallback":
                    decodesByteTokens = true;
                    break;
                case "Fuse":
                    break;
                case "Strip" when JsonFields.OptionalString(step, "content", file) == " " && StripCount(step, "stop", file) == 0 && StripCount(step, "start", file) <= 1:
                    stripsLeadingSpace = StripCount(step, "start", file) == 1;
                    break;
                case "Metaspace":
                    restoresSpaces = true;
                    stripsLeadingSpace = ReadPrependScheme(step, "decoder", file) != MetaspacePrefixScope.Never;
                    break;
                default:
                    throw PipelineSteps.Unsupported(type, "decoder", file,
                        "SentencePiece-style decoders are read from Replace '▁' → ' ', ByteFallback, Fuse, Strip (one leading space) and Metaspace steps.");
            }
        }

        return restoresSpaces
            ? (decodesByteTokens, stripsLeadingSpace)
            : throw new TokenizerLoadException(file, "'decoder' never turns '▁' back into spaces (no Replace '▁' → ' ' or Metaspace step).");
    }

    private static int StripCount(JsonElement step, string name, string file) =>
        JsonFields.Optional(step, name) is { } value ? JsonFields.NonNegativeInt(value, name, file) : 0;
}
