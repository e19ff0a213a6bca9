using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a byte-level BPE's pipeline from <c>tokenizer.json</c>: a Unicode normalizer (Qwen2: NFC),
/// <c>Split</c> steps with behaviour <c>Isolated</c> followed by <c>ByteLevel</c> (GPT-2: <c>ByteLevel</c>
/// alone, with its own regex), and the <c>ByteLevel</c> decoder. Anything else is refused by name.
/// </summary>
internal static class ByteLevelPipeline
{
    /// <summary>Whether <paramref name="preTokenizers"/> has a <c>ByteLevel</c> step, the mark of byte-level BPE.</summary>
    public static bool IsByteLevel(IReadOnlyList<JsonElement> preTokenizers, string file) =>
        preTokenizers.Any(step => PipelineSteps.TypeOf(step, "pre_tokenizer", file) == "ByteLevel");

    /// <summary>Reads the settings from <c>tokenizer.json</c>'s <paramref name="root"/>.</summary>
    public static ByteLevelSettings Read(JsonElement root, string file)
    {
        var (patterns, addPrefixSpace) = ReadPreTokenizer(root, file);
        var decoders = PipelineSteps.Read(root, "decoder", file);
        if (decoders.Count != 1 || PipelineSteps.TypeOf(decoders[0], "decoder", file) != "ByteLevel")
        {
            throw new TokenizerLoadException(file, "'decoder' must be a single ByteLevel step for a byte-level tokenizer.");
        }

        return new ByteLevelSettings(ReadNormalization(root, file), patterns, addPrefixSpace);
    }

    private static NormalizationForm? ReadNormalization(JsonElement root, string file)
    {
        NormalizationForm? form = null;
        foreach (var step in PipelineSteps.Read(root, "normalizer", file))
        {
            var type = PipelineSteps.TypeOf(step, "normalizer", file);
            var next = type switch
            {
                "NFC" => NormalizationForm.FormC,
                "NFD" => NormalizationForm.FormD,
                "NFKC" => NormalizationForm.FormKC,
                "NFKD" => NormalizationForm.FormKD,
                _ => throw PipelineSteps.Unsupported(type, "normalizer", file, "byte-level tokenizers are read with a Unicode normalization form only (NFC, NFD, NFKC, NFKD)."),
            };
            form = form is null ? next : throw PipelineSteps.Unsupported(type, "normalizer", file, "a second Unicode normalization.");
        }

        return form;
    }

    private static (List<Regex> Patterns, bool AddPrefixSpace) ReadPreTokenizer(JsonElement root, string file)
    {
        var patterns = new List<Regex>();
        var steps = PipelineSteps.Read(root, "pre_tokenizer", file);
        for (var i = 0; i < steps.Count; i++)
        {
            var type = PipelineSteps.TypeOf(steps[i], "pre_tokenizer", file);
            if (type == "Split")
            {
                patterns.Add(ReadSplit(steps[i], file));
                continue;
            }

            if (type != "ByteLevel")
            {
                throw PipelineSteps.Unsupported(type, "pre_tokenizer", file, "byte-level tokenizers are read with Split and ByteLevel steps only.");
            }

            if (i != steps.Count - 1)
            {
                // After ByteLevel the text is in the byte alphabet; a later Split would see "Ġ", not spaces.
                throw PipelineSteps.Unsupported(type, "pre_tokenizer", file, "ByteLevel must be the last step.");
            }

            var addPrefixSpace = JsonFields.OptionalBool(steps[i], "add_prefix_space", absent: true, file);
            if (addPrefixSpace && patterns.Count > 0)
            {
                throw PipelineSteps.Unsupported(type, "pre_tokenizer", file, "add_prefix_space after a Split (a space before every word).");
            }

            if (JsonFields.OptionalBool(steps[i], "use_regex", absent: true, file))
            {
                patterns.Add(PreTokenizerPatterns.Compile(PreTokenizerPatterns.Gpt2));
            }

            return (patterns, addPrefixSpace);
        }

        throw new TokenizerLoadException(file, "'pre_tokenizer' has no ByteLevel step.");
    }

    private static Regex ReadSplit(JsonElement step, string file)
    {
        var behavior = JsonFields.OptionalString(step, "behavior", file);
        if (behavior != "Isolated")
        {
            throw PipelineSteps.Unsupported("Split", "pre_tokenizer", file, $"behavior '{behavior}' (only Isolated is implemented).");
        }

        if (JsonFields.OptionalBool(step, "invert", absent: false, file))
        {
            throw PipelineSteps.Unsupported("Split", "pre_tokenizer", file, "invert: true.");
        }

        var (literal, regex) = PipelineSteps.Pattern(step, "pre_tokenizer", file);
        try
        {
            return PreTokenizerPatterns.Compile(regex ?? Regex.Escape(literal!));
        }
        catch (ArgumentException e)
        {
            throw new TokenizerLoadException(file, $"the Split regex cannot be compiled by .NET: {e.Message}", e);
        }
    }
}
