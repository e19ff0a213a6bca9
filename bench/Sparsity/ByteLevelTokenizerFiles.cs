using System.Globalization;
using System.Text.Json.Nodes;

namespace SparseVila.Bench.Sparsity;

/// <summary>
/// The smallest Qwen2-style tokenizer a checkpoint folder can carry: byte-level BPE with the 256 byte
/// symbols (ids 0–255, in byte order), no merges, and the ChatML specials after them. Every text
/// encodes (one token a byte), which is all a benchmark with random weights needs.
/// </summary>
public static class ByteLevelTokenizerFiles
{
    /// <summary>Byte symbols come first: id b is byte b.</summary>
    private const int ByteTokens = 256;

    /// <summary>Qwen2's pre-tokenizer split, as its tokenizer.json writes it.</summary>
    private const string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>&lt;|endoftext|&gt;: padding.</summary>
    public const int EndOfTextId = ByteTokens;

    /// <summary>&lt;|im_start|&gt;: opens a ChatML message.</summary>
    public const int ImStartId = ByteTokens + 1;

    /// <summary>&lt;|im_end|&gt;: closes a ChatML message; the end-of-sequence token.</summary>
    public const int ImEndId = ByteTokens + 2;

    /// <summary>Ids the tokenizer knows (bytes and specials).</summary>
    public const int VocabularyTokens = ByteTokens + 3;

    /// <summary>The special tokens, by id.</summary>
    public static IReadOnlyList<(int Id, string Content)> SpecialTokens { get; } =
    [
        (EndOfTextId, "<|endoftext|>"),
        (ImStartId, "<|im_start|>"),
        (ImEndId, "<|im_end|>"),
    ];

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        await WriteJsonAsync(folder, "tokenizer.json", TokenizerJson(), cancellationToken).ConfigureAwait(false);
        await WriteJsonAsync(folder, "tokenizer_config.json", TokenizerConfigJson(), cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject TokenizerJson()
    {
        var symbols = ByteSymbols();
        var vocab = new JsonObject();
        for (var b = 0; b < ByteTokens; b++)
        {
            vocab[symbols[b].ToString()] = b;
        }

        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(SpecialTokens.Select(t => (JsonNode)AddedToken(t.Id, t.Content)).ToArray()),
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Split",
                        ["pattern"] = new JsonObject { ["Regex"] = Qwen2Pattern },
                        ["behavior"] = "Isolated",
                        ["invert"] = false,
                    },
                    byteLevel.DeepClone()),
            },
            ["post_processor"] = byteLevel.DeepClone(),
            ["decoder"] = byteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(),
            },
        };
    }

    private static JsonObject TokenizerConfigJson()
    {
        var decoder = new JsonObject();
        foreach (var (id, content) in SpecialTokens)
        {
            decoder[id.ToString(CultureInfo.InvariantCulture)] = AddedToken(null, content);
        }

        return new JsonObject
        {
            ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = decoder,
            ["bos_token"] = null,
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["tokenizer_class"] = "Qwen2Tokenizer",
        };
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

    /// <summary>GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to 256 and up.</summary>
    private static char[] ByteSymbols()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
        var symbols = new char[ByteTokens];
        var next = ByteTokens;
        for (var b = 0; b < ByteTokens; b++)
        {
            symbols[b] = Printable(b) ? (char)b : (char)next++;
        }

        return symbols;
    }

    private static Task WriteJsonAsync(string folder, string fileName, JsonNode json, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(folder, fileName), json.ToJsonString(), cancellationToken);
}
