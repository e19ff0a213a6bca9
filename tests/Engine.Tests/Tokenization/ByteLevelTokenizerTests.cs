using Microsoft.ML.Tokenizers;
using SparseVila.Engine.Tokenization;
using static SparseVila.Engine.Tests.Tokenization.TinyByteLevelBpe;

namespace SparseVila.Engine.Tests.Tokenization;

public sealed class ByteLevelTokenizerTests
{
    public static readonly TheoryData<string> Texts =
    [
        "the cat",
        "  the\tcat  ",
        "the\n\nthe\r\n",
        "0123 456789",
        "Hi, there! (a-b); \"q\" 'em' it's",
        "café naïve résumé",
        "你好，世界 中文",
        "emoji 😀🎉 mixed 你好😀",
        "",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task TokenizerJson_And_VocabMerges_GiveTheSameIds_AndRoundTrip(string text)
    {
        using var fromJson = new CheckpointFolder();
        await WriteTokenizerJsonAsync(fromJson);
        await WriteConfigAsync(fromJson);
        using var fromFiles = new CheckpointFolder();
        await WriteVocabAndMergesAsync(fromFiles);

        var json = TokenizerLoader.Load(fromJson.Path);
        var files = TokenizerLoader.Load(fromFiles.Path);

        Assert.Equal(files.Encode(text), json.Encode(text));
        Assert.Equal(text, json.Decode(json.Encode(text)));
    }

    [Fact]
    public async Task MergesWrittenAsLists_ReadAsStrings()
    {
        using var strings = new CheckpointFolder();
        await WriteTokenizerJsonAsync(strings);
        using var lists = new CheckpointFolder();
        await WriteTokenizerJsonAsync(lists, mergesAsLists: true);

        const string text = "the cat 你好 😀";
        Assert.Equal(TokenizerLoader.Load(strings.Path).Encode(text), TokenizerLoader.Load(lists.Path).Encode(text));
    }

    [Fact]
    public async Task Encode_AppliesMerges_InRankOrder_WithinQwen2Words()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        // "the" and " cat" are words; "你" is two tokens (its first two bytes merged), "好" one.
        Assert.Equal([IdOf("the"), IdOf(" cat"), IdOf(" "), IdOf(0xE4, 0xBD), IdOf(0xA0), IdOf("好")], tokenizer.Encode("the cat 你好"));
        // Qwen2 splits digits one by one.
        Assert.Equal([IdOf("1"), IdOf("2")], tokenizer.Encode("12"));
    }

    [Fact]
    public async Task Gpt2Class_MatchesMicrosoftCodeGenTokenizer_OnTheSameFiles()
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder, tokenizerClass: "GPT2Tokenizer", addedTokensInVocab: true);
        var tokenizer = TokenizerLoader.Load(folder.Path);
        using var vocab = File.OpenRead(folder.File("vocab.json"));
        using var merges = File.OpenRead(folder.File("merges.txt"));
        var reference = CodeGenTokenizer.Create(vocab, merges);

        // CodeGen adds tokens for runs of spaces and tabs, so the texts have none.
        foreach (var text in new[] { "the cat 12 345", "it's the cat's\n\nhat", "café 你好 😀!", "a\r\nb (c) d-e" })
        {
            Assert.Equal(reference.EncodeToIds(text), tokenizer.Encode(text));
        }
    }

    [Fact]
    public async Task Encode_TurnsSpecialTokensInText_IntoTheirIds()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        var ids = tokenizer.Encode("<|im_start|>the<video><|im_end|>\n");

        Assert.Equal([ImStart, IdOf("the"), VideoToken, ImEnd, IdOf("\n")], ids);
    }

    [Fact]
    public async Task Decode_SkipsOnlySpecialTokens_WhenAsked()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);
        var ids = tokenizer.Encode("<|im_start|>the<video> cat<|im_end|>");

        Assert.Equal("<|im_start|>the<video> cat<|im_end|>", tokenizer.Decode(ids));
        Assert.Equal("the<video> cat", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.True(tokenizer.IsSpecial(ImEnd));
        Assert.False(tokenizer.IsSpecial(VideoToken));
        Assert.False(tokenizer.IsSpecial(IdOf("the")));
    }

    [Fact]
    public async Task Decode_RefusesAnIdOutsideTheVocabulary()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabularySize]));
    }

    [Fact]
    public async Task Vocabulary_CountsAddedTokens_AndLooksTokensUp()
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal(VideoToken + 1, tokenizer.VocabularySize);
        Assert.Equal(ImStart, tokenizer.TokenToId("<|im_start|>"));
        Assert.Equal(IdOf(" cat"), tokenizer.TokenToId("Ġcat"));
        Assert.Null(tokenizer.TokenToId("<|not a token|>"));
        Assert.Null(tokenizer.BosTokenId);
        Assert.Equal([ImEnd], tokenizer.EosTokenIds);
    }
}
