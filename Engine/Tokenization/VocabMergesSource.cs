using System.Text;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a byte-level BPE saved as <c>vocab.json</c> + <c>merges.txt</c> (Qwen2, GPT-2). These files do
/// not say how words are split, so <c>tokenizer_config.json</c>'s <c>tokenizer_class</c> must name a
/// tokenizer whose splitting is known here; its added tokens come from that config too.
/// </summary>
internal static class VocabMergesSource
{
    /// <summary>The vocabulary file name in a checkpoint folder.</summary>
    public const string VocabFileName = "vocab.json";

    /// <summary>The merges file name in a checkpoint folder.</summary>
    public const string MergesFileName = "merges.txt";

    /// <summary>Reads the two files; <paramref name="configExists"/> says whether <paramref name="configPath"/> was there to read.</summary>
    public static TokenizerSource Read(string vocabPath, string mergesPath, TokenizerConfig config, string configPath, bool configExists)
    {
        if (!configExists)
        {
            throw new TokenizerLoadException(configPath, $"is missing; {VocabFileName} + {MergesFileName} need its tokenizer_class to know how words are split.");
        }

        var settings = config.TokenizerClass switch
        {
            "Qwen2Tokenizer" or "Qwen2TokenizerFast" =>
                new ByteLevelSettings(NormalizationForm.FormC, [PreTokenizerPatterns.Compile(PreTokenizerPatterns.Qwen2)], config.AddPrefixSpace),
            "GPT2Tokenizer" or "GPT2TokenizerFast" =>
                new ByteLevelSettings(null, [PreTokenizerPatterns.Compile(PreTokenizerPatterns.Gpt2)], config.AddPrefixSpace),
            var other => throw new TokenizerLoadException(configPath,
                $"tokenizer_class '{other}' is not one whose word splitting is known for {VocabFileName} + {MergesFileName} (Qwen2Tokenizer, GPT2Tokenizer)."),
        };
        var vocabulary = new BpeVocabulary(ReadVocab(vocabPath), ReadMerges(mergesPath));
        return new TokenizerSource(vocabPath, ByteLevelBpeModel.Create(vocabulary, settings, vocabPath), []);
    }

    private static Dictionary<string, int> ReadVocab(string path)
    {
        using var document = JsonFields.ParseFile(path);
        var tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in JsonFields.RootObject(document, path).EnumerateObject())
        {
            tokenIds[entry.Name] = JsonFields.NonNegativeInt(entry.Value, $"\"{entry.Name}\"", path);
        }

        return tokenIds;
    }

    private static List<(string Left, string Right)> ReadMerges(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerLoadException(path, $"cannot be read: {e.Message}", e);
        }

        var merges = new List<(string, string)>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            // The first line may be a header such as "#version: 0.2".
            if (lines[i].Length == 0 || (i == 0 && lines[i].StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }

            merges.Add(lines[i].Split(' ') is [var left, var right]
                ? (left, right)
                : throw new TokenizerLoadException(path, $"line {i + 1} must be two tokens separated by one space, not '{lines[i]}'."));
        }

        return merges;
    }
}
