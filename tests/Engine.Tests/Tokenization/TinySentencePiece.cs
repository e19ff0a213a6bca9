using System.Globalization;
using System.Text.Json.Nodes;

namespace SparseVila.Engine.Tests.Tokenization;

/// <summary>
/// A tiny Llama-like SentencePiece BPE: &lt;unk&gt; &lt;s&gt; &lt;/s&gt;, the 256 byte-fallback pieces, a few
/// characters and merged pieces. It writes itself as tokenizer.model (a hand-encoded
/// <c>sentencepiece.ModelProto</c>) and as the tokenizer.json Hugging Face converts it to, in the legacy
/// layout (Prepend/Replace normalizer) or the Metaspace one. Each merged piece has one way to be
/// formed, and its score falls with its rank, so SentencePiece's score order and BPE merge ranks agree.
/// </summary>
internal static class TinySentencePiece
{
    public const int Unknown = 0;
    public const int Bos = 1;
    public const int Eos = 2;
    private const int FirstByte = 3;

    private static readonly string[] Characters = ["▁", "t", "h", "e", "a", "c", "i", "s", "o", "n", "m", "l", ".", "你"];

    public static readonly IReadOnlyList<(string Left, string Right)> Merges =
    [
        ("t", "h"), ("th", "e"), ("▁", "the"),
        ("a", "t"), ("c", "at"), ("▁", "cat"),
        ("i", "s"), ("▁", "is"),
        ("o", "n"), ("▁", "on"),
        ("m", "at"), ("▁", "mat"),
        ("▁", "▁"),
    ];

    /// <summary>Every piece in id order, with its score and SentencePiece type (1 normal, 2 unknown, 3 control, 6 byte).</summary>
    public static IReadOnlyList<(string Piece, float Score, int Type)> Pieces { get; } = BuildPieces();

    public static int IdOf(string piece) => Pieces.Select((p, id) => (p.Piece, id)).Single(p => p.Piece == piece).id;

    public static int ByteId(byte value) => FirstByte + value;

    /// <summary>Writes tokenizer.model.</summary>
    public static Task WriteModelAsync(CheckpointFolder folder)
    {
        var model = new ProtobufWriter();
        foreach (var (piece, score, type) in Pieces)
        {
            model.Message(1, new ProtobufWriter().String(1, piece).Float(2, score).Varint(3, type));
        }

        model.Message(2, new ProtobufWriter()
            .Varint(3, 2) // model_type: BPE
            .Varint(4, Pieces.Count) // vocab_size
            .Bool(35, true) // byte_fallback
            .Varint(40, Unknown).Varint(41, Bos).Varint(42, Eos)
            .Varint(43, -1)); // pad_id: none, a negative varint
        model.Message(3, new ProtobufWriter()
            .String(1, "identity")
            .Bool(3, true) // add_dummy_prefix
            .Bool(4, false) // remove_extra_whitespaces
            .Bool(5, true)); // escape_whitespaces
        return folder.WriteAsync("tokenizer.model", model.ToArray());
    }

    /// <summary>Writes tokenizer.json, legacy (Prepend + Replace normalizer) or Metaspace with <paramref name="prependScheme"/>.</summary>
    public static Task WriteTokenizerJsonAsync(CheckpointFolder folder, string? prependScheme = null)
    {
        var vocab = new JsonObject();
        for (var id = 0; id < Pieces.Count; id++)
        {
            vocab[Pieces[id].Piece] = id;
        }

        var specials = new JsonArray(new[] { (Unknown, "<unk>"), (Bos, "<s>"), (Eos, "</s>") }
            .Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Item1, ["content"] = t.Item2, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            }).ToArray());
        var legacy = prependScheme is null;
        var json = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = specials,
            ["normalizer"] = legacy
                ? new JsonObject
                {
                    ["type"] = "Sequence",
                    ["normalizers"] = new JsonArray(
                        new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                        new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }),
                }
                : null,
            ["pre_tokenizer"] = legacy
                ? null
                : new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = prependScheme, ["split"] = false },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
            },
            ["decoder"] = legacy
                ? new JsonObject
                {
                    ["type"] = "Sequence",
                    ["decoders"] = new JsonArray(
                        new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
                        new JsonObject { ["type"] = "ByteFallback" },
                        new JsonObject { ["type"] = "Fuse" },
                        new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
                }
                : new JsonObject
                {
                    ["type"] = "Sequence",
                    ["decoders"] = new JsonArray(
                        new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = prependScheme, ["split"] = false },
                        new JsonObject { ["type"] = "ByteFallback" },
                        new JsonObject { ["type"] = "Fuse" }),
                },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = "<unk>",
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true,
                ["byte_fallback"] = true,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)JsonValue.Create($"{m.Left} {m.Right}")).ToArray()),
            },
        };
        return folder.WriteAsync("tokenizer.json", json);
    }

    /// <summary>Writes a Llama tokenizer_config.json: BOS &lt;s&gt;, EOS &lt;/s&gt;, and <paramref name="legacy"/>.</summary>
    public static Task WriteConfigAsync(CheckpointFolder folder, bool legacy = true) =>
        folder.WriteAsync("tokenizer_config.json", new JsonObject
        {
            ["bos_token"] = new JsonObject { ["__type"] = "AddedToken", ["content"] = "<s>", ["special"] = true },
            ["eos_token"] = "</s>",
            ["unk_token"] = "<unk>",
            ["pad_token"] = null,
            ["legacy"] = legacy,
            ["tokenizer_class"] = "LlamaTokenizer",
        });

    private static List<(string, float, int)> BuildPieces()
    {
        var pieces = new List<(string, float, int)> { ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3) };
        pieces.AddRange(Enumerable.Range(0, 256).Select(b => (string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), 0f, 6)));
        pieces.AddRange(Merges.Select((m, rank) => (m.Left + m.Right, -(float)rank, 1)));
        pieces.AddRange(Characters.Select((c, i) => (c, -1000f - i, 1)));
        return pieces;
    }
}
