using System.Text;
using System.Text.Json.Nodes;

namespace SparseVila.Engine.Tests.Tokenization;

/// <summary>
/// A tiny Qwen2-like byte-level BPE: the 256 byte symbols (ids 0-255, in byte order), a dozen merges,
/// and ChatML special tokens. It writes itself as vocab.json + merges.txt + tokenizer_config.json and as
/// tokenizer.json, so one tokenizer can be loaded both ways. Some merges cover only part of a
/// character (two of the three bytes of "你", two of the four of "😀") to exercise incremental decoding.
/// </summary>
internal static class TinyByteLevelBpe
{
    // Declared first: static fields are initialized in order, and the vocabulary below needs it.
    private static readonly char[] ByteSymbols = BuildByteSymbols();

    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Merges by rank, as byte sequences.</summary>
    public static readonly IReadOnlyList<(byte[] Left, byte[] Right)> Merges =
    [
        (Utf8("t"), Utf8("h")),
        (Utf8("th"), Utf8("e")),
        (Utf8(" "), Utf8("the")),
        (Utf8("a"), Utf8("t")),
        (Utf8("c"), Utf8("at")),
        (Utf8(" "), Utf8("cat")),
        (Utf8("\n"), Utf8("\n")),
        ([0xC3], [0xA9]), // é
        ([0xE4], [0xBD]), // the first two of 你's three bytes
        ([0xE5], [0xA5]),
        ([0xE5, 0xA5], [0xBD]), // 好, whole
        ([0xF0], [0x9F]), // the first two of 😀's four bytes
        ([0x98], [0x80]), // its last two
    ];

    public static readonly int EndOfText = 256 + Merges.Count;
    public static readonly int ImStart = EndOfText + 1;
    public static readonly int ImEnd = EndOfText + 2;
    public static readonly int VideoToken = EndOfText + 3; // an added token that is not special

    public static readonly IReadOnlyList<(int Id, string Content, bool Special)> AddedTokens =
    [
        (EndOfText, "<|endoftext|>", true),
        (ImStart, "<|im_start|>", true),
        (ImEnd, "<|im_end|>", true),
        (VideoToken, "<video>", false),
    ];

    /// <summary>Token → id, tokens written in the byte-level alphabet.</summary>
    public static IReadOnlyDictionary<string, int> Vocab { get; } = BuildVocab();

    /// <summary>The id of the token whose bytes are the UTF-8 of <paramref name="text"/>.</summary>
    public static int IdOf(string text) => Vocab[Symbols(Utf8(text))];

    /// <summary>The id of the token whose bytes are <paramref name="bytes"/>.</summary>
    public static int IdOf(params byte[] bytes) => Vocab[Symbols(bytes)];

    /// <summary>
    /// Writes vocab.json, merges.txt and tokenizer_config.json (naming <paramref name="tokenizerClass"/>).
    /// GPT-2's vocab.json also lists its added tokens; Qwen2's leaves them to the config.
    /// </summary>
    public static async Task WriteVocabAndMergesAsync(CheckpointFolder folder, string tokenizerClass = "Qwen2Tokenizer", bool addedTokensInVocab = false)
    {
        var vocab = new JsonObject();
        foreach (var (token, id) in Vocab)
        {
            vocab[token] = id;
        }

        foreach (var (id, content, _) in AddedTokens.Where(_ => addedTokensInVocab))
        {
            vocab[content] = id;
        }

        await folder.WriteAsync("vocab.json", vocab);
        await folder.WriteAsync("merges.txt", "#version: 0.2\n" + string.Join('\n', Merges.Select(m => $"{Symbols(m.Left)} {Symbols(m.Right)}")) + "\n");
        await WriteConfigAsync(folder, tokenizerClass);
    }

    /// <summary>Writes tokenizer.json as Qwen2's is laid out, merges as "a b" strings or ["a", "b"] lists.</summary>
    public static Task WriteTokenizerJsonAsync(CheckpointFolder folder, bool mergesAsLists = false, bool withMerges = true)
    {
        var vocab = new JsonObject();
        foreach (var (token, id) in Vocab)
        {
            vocab[token] = id;
        }

        var merges = new JsonArray(Merges.Where(_ => withMerges).Select(m => mergesAsLists
            ? (JsonNode)new JsonArray(Symbols(m.Left), Symbols(m.Right))
            : JsonValue.Create($"{Symbols(m.Left)} {Symbols(m.Right)}")).ToArray());
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false };
        var json = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(AddedTokens.Select(t => (JsonNode)AddedTokenJson(t.Id, t.Content, t.Special)).ToArray()),
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
                ["merges"] = merges,
            },
        };
        return folder.WriteAsync("tokenizer.json", json);
    }

    /// <summary>Writes tokenizer_config.json: no BOS, EOS &lt;|im_end|&gt;, pad &lt;|endoftext|&gt;, the added tokens.</summary>
    public static Task WriteConfigAsync(CheckpointFolder folder, string tokenizerClass = "Qwen2Tokenizer")
    {
        var decoder = new JsonObject();
        foreach (var (id, content, special) in AddedTokens)
        {
            decoder[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = AddedTokenJson(null, content, special);
        }

        return folder.WriteAsync("tokenizer_config.json", new JsonObject
        {
            ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = decoder,
            ["bos_token"] = null,
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["tokenizer_class"] = tokenizerClass,
        });
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Bytes written in GPT-2's byte-level alphabet (a test-side copy of bytes_to_unicode).</summary>
    public static string Symbols(byte[] bytes) => new(bytes.Select(b => ByteSymbols[b]).ToArray());

    private static char[] BuildByteSymbols()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var symbols = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            symbols[b] = printable.Contains(b) ? (char)b : (char)next++;
        }

        return symbols;
    }

    private static Dictionary<string, int> BuildVocab()
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            vocab.Add(ByteSymbols[b].ToString(), b);
        }

        foreach (var (left, right) in Merges)
        {
            vocab.Add(Symbols([.. left, .. right]), vocab.Count);
        }

        return vocab;
    }

    private static JsonObject AddedTokenJson(int? id, string content, bool special)
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
        token["special"] = special;
        return token;
    }
}
