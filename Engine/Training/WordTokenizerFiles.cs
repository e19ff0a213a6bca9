using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Training;

/// <summary>
/// Writes a Qwen2-style byte-level BPE tokenizer (tokenizer.json, tokenizer_config.json,
/// generation_config.json) whose merges make each given word, bare and with a leading space, a single
/// token; any other text still encodes, byte by byte. ChatML special tokens come last.
/// </summary>
public static class WordTokenizerFiles
{
    /// <summary>Qwen2's pre-tokenizer split pattern.</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>
    /// Qwen2's pattern with digits split in runs of up to three (as Llama 3's and cl100k's patterns do) rather than one
    /// by one, so a number given as a word ("12") is one token; " 12" still splits into a space and "12".
    /// </summary>
    public const string DigitRunsPattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The special tokens, in id order after the vocabulary.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    /// <summary>
    /// Writes the files into <paramref name="folder"/>, splitting text with <paramref name="splitPattern"/> (default
    /// <see cref="Qwen2Pattern"/>) before BPE; returns the number of ids (vocabulary + specials).
    /// </summary>
    public static int Write(string folder, IEnumerable<string> words, string splitPattern = Qwen2Pattern)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentException.ThrowIfNullOrWhiteSpace(splitPattern);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var symbol in ByteLevelAlphabet.AllChars)
        {
            vocab.Add(symbol.ToString(), vocab.Count);
        }

        var merges = new List<(string Left, string Right)>();
        var allWords = words.SelectMany(w => new[] { w, " " + w }).Distinct(StringComparer.Ordinal).ToList();
        foreach (var word in allWords)
        {
            // Merge left to right: "what" = ((w h) a) t, " what" = (" " what) — every prefix becomes a token.
            var symbols = Symbols(word);
            if (word.StartsWith(' ') && symbols.Count > 1)
            {
                AddChain(vocab, merges, symbols.Skip(1).ToList());
                AddMerge(vocab, merges, symbols[0], string.Concat(symbols.Skip(1)));
            }
            else
            {
                AddChain(vocab, merges, symbols);
            }
        }

        // Another word's earlier merge can pre-empt a chain ("th" + "at" where "t" + "h" then "th" + "a"
        // was meant); join whatever pieces BPE leaves until every word is one token.
        for (var round = 0; round < 8; round++)
        {
            var split = allWords.Select(w => Bpe(Symbols(w), merges)).Where(pieces => pieces.Count > 1).ToList();
            if (split.Count == 0)
            {
                break;
            }

            foreach (var pieces in split)
            {
                AddChain(vocab, merges, pieces);
            }
        }

        var added = new JsonArray();
        var decoder = new JsonObject();
        foreach (var special in SpecialTokens)
        {
            var id = vocab.Count + added.Count;
            added.Add(AddedToken(id, special));
            decoder[id.ToString(CultureInfo.InvariantCulture)] = AddedToken(null, special);
        }

        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false };
        var vocabJson = new JsonObject();
        foreach (var (token, id) in vocab)
        {
            vocabJson[token] = id;
        }

        Save(folder, "tokenizer.json", new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = splitPattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    byteLevel.DeepClone()),
            },
            ["post_processor"] = byteLevel.DeepClone(),
            ["decoder"] = byteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = vocabJson,
                ["merges"] = new JsonArray(merges.Select(m => (JsonNode)JsonValue.Create($"{m.Left} {m.Right}")).ToArray()),
            },
        });
        Save(folder, "tokenizer_config.json", new JsonObject
        {
            ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = decoder,
            ["bos_token"] = null,
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["tokenizer_class"] = "Qwen2Tokenizer",
        });
        Save(folder, "generation_config.json", new JsonObject { ["eos_token_id"] = vocab.Count + 2 });
        return vocab.Count + SpecialTokens.Count;
    }

    private static List<string> Symbols(string word) =>
        Encoding.UTF8.GetBytes(word).Select(b => ByteLevelAlphabet.ToChar(b).ToString()).ToList();

    /// <summary>Byte-level BPE as a tokenizer applies it: repeatedly merge the adjacent pair of lowest rank.</summary>
    private static List<string> Bpe(List<string> symbols, List<(string Left, string Right)> merges)
    {
        var rank = new Dictionary<(string, string), int>();
        for (var i = 0; i < merges.Count; i++)
        {
            rank.TryAdd(merges[i], i);
        }

        var pieces = new List<string>(symbols);
        while (pieces.Count > 1)
        {
            var (best, at) = (int.MaxValue, -1);
            for (var i = 0; i + 1 < pieces.Count; i++)
            {
                if (rank.TryGetValue((pieces[i], pieces[i + 1]), out var r) && r < best)
                {
                    (best, at) = (r, i);
                }
            }

            if (at < 0)
            {
                break;
            }

            pieces[at] += pieces[at + 1];
            pieces.RemoveAt(at + 1);
        }

        return pieces;
    }

    private static void AddChain(Dictionary<string, int> vocab, List<(string, string)> merges, List<string> symbols)
    {
        var current = symbols[0];
        foreach (var next in symbols.Skip(1))
        {
            AddMerge(vocab, merges, current, next);
            current += next;
        }
    }

    private static void AddMerge(Dictionary<string, int> vocab, List<(string, string)> merges, string left, string right)
    {
        // A token can be reached by more than one merge; each merge is listed once.
        vocab.TryAdd(left + right, vocab.Count);
        if (!merges.Contains((left, right)))
        {
            merges.Add((left, right));
        }
    }

    private static JsonObject AddedToken(int? id, string content)
    {
        var token = new JsonObject();
        if (id is not null)
        {
            token["id"] = id;
        }

        token["content"] = content;
        token["single_word"] = false;
        token["lstrip"] = false;
        token["rstrip"] = false;
        token["normalized"] = false;
        token["special"] = true;
        return token;
    }

    private static void Save(string folder, string name, JsonObject json) =>
        File.WriteAllText(Path.Combine(folder, name), json.ToJsonString(new() { WriteIndented = true }), new UTF8Encoding(false));
}
