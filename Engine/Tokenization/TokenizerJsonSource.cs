using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> whose model is BPE: byte-level (GPT-2, Qwen2) when the
/// pre-tokenizer has a <c>ByteLevel</c> step, SentencePiece-style (Llama) otherwise. The
/// <c>post_processor</c> is not read: <see cref="ITextTokenizer.Encode"/> adds no BOS or EOS.
/// </summary>
internal static class TokenizerJsonSource
{
    /// <summary>The file name in a checkpoint folder.</summary>
    public const string FileName = "tokenizer.json";

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static TokenizerSource Read(string path)
    {
        using var document = JsonFields.ParseFile(path);
        var root = JsonFields.RootObject(document, path);
        var model = JsonFields.RequiredObject(root, "model", path);
        var type = JsonFields.OptionalString(model, "type", path);
        if (type != "BPE")
        {
            throw new TokenizerLoadException(path, $"model.type '{type}' is not supported; only BPE models are.");
        }

        RefuseUnsupportedBpeOptions(model, path);
        var vocabulary = ReadVocabulary(model, path);
        ISubwordModel subword = ByteLevelPipeline.IsByteLevel(PipelineSteps.Read(root, "pre_tokenizer", path), path)
            ? CreateByteLevel(root, model, vocabulary, path)
            : MetaspaceBpeModel.Create(vocabulary, MetaspacePipeline.Read(root, model, path), path);
        return new TokenizerSource(path, subword, ReadAddedTokens(root, path));
    }

    private static ByteLevelBpeModel CreateByteLevel(JsonElement root, JsonElement model, BpeVocabulary vocabulary, string path) =>
        JsonFields.OptionalBool(model, "byte_fallback", absent: false, path)
            ? throw new TokenizerLoadException(path, "model.byte_fallback is set on a byte-level BPE, which needs no fallback; this combination is not supported.")
            : ByteLevelBpeModel.Create(vocabulary, ByteLevelPipeline.Read(root, path), path);

    private static void RefuseUnsupportedBpeOptions(JsonElement model, string path)
    {
        if (JsonFields.Optional(model, "dropout") is { } dropout && !(dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() == 0))
        {
            throw new TokenizerLoadException(path, $"model.dropout {JsonFields.Describe(dropout)} is not supported (BPE dropout randomizes encoding).");
        }

        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (!string.IsNullOrEmpty(JsonFields.OptionalString(model, affix, path)))
            {
                throw new TokenizerLoadException(path, $"model.{affix} is not supported.");
            }
        }

        if (JsonFields.OptionalBool(model, "ignore_merges", absent: false, path))
        {
            throw new TokenizerLoadException(path, "model.ignore_merges is not supported (whole words found in the vocabulary would skip merging).");
        }
    }

    private static BpeVocabulary ReadVocabulary(JsonElement model, string path)
    {
        var vocab = JsonFields.RequiredObject(model, "vocab", path);
        var tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            tokenIds[entry.Name] = JsonFields.NonNegativeInt(entry.Value, $"model.vocab[\"{entry.Name}\"]", path);
        }

        var merges = new List<(string, string)>();
        if (JsonFields.Optional(model, "merges") is { } list)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new TokenizerLoadException(path, $"model.merges must be a list, not {JsonFields.Describe(list)}.");
            }

            merges.AddRange(list.EnumerateArray().Select((merge, rank) => ReadMerge(merge, rank, path)));
        }

        return new BpeVocabulary(tokenIds, merges);
    }

    // A merge is written "left right" (older files) or ["left", "right"] (newer ones, which allow spaces in tokens).
    private static (string Left, string Right) ReadMerge(JsonElement merge, int rank, string path)
    {
        if (merge.ValueKind == JsonValueKind.String && merge.GetString()!.Split(' ') is [var left, var right])
        {
            return (left, right);
        }

        if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2 &&
            merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
        {
            return (merge[0].GetString()!, merge[1].GetString()!);
        }

        throw new TokenizerLoadException(path, $"model.merges[{rank}] must be \"left right\" or [\"left\", \"right\"], not {JsonFields.Describe(merge)}.");
    }

    private static List<AddedToken> ReadAddedTokens(JsonElement root, string path)
    {
        if (JsonFields.Optional(root, "added_tokens") is not { } list)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerLoadException(path, $"'added_tokens' must be a list, not {JsonFields.Describe(list)}.");
        }

        var tokens = new List<AddedToken>();
        foreach (var entry in list.EnumerateArray())
        {
            var id = entry.ValueKind == JsonValueKind.Object && JsonFields.Optional(entry, "id") is { } value
                ? JsonFields.NonNegativeInt(value, "added_tokens[].id", path)
                : throw new TokenizerLoadException(path, $"every 'added_tokens' entry needs an 'id'; {JsonFields.Describe(entry)} has none.");
            tokens.Add(AddedTokenJson.Read(entry, id, path));
        }

        return tokens;
    }
}
