using SparseVila.Engine.Tokenization;
using static SparseVila.Engine.Tests.Tokenization.TinySentencePiece;

namespace SparseVila.Engine.Tests.Tokenization;

public sealed class SentencePieceTokenizerTests
{
    public static readonly TheoryData<string> Texts =
    [
        "the cat is on the mat",
        "the  cat ",
        " the",
        "Hello 你好 😀!",
        "the\nmat\t.",
        "123 é",
        "",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task TokenizerModel_And_LegacyTokenizerJson_GiveTheSameIds_AndRoundTrip(string text)
    {
        using var model = new CheckpointFolder();
        await WriteModelAsync(model);
        await WriteConfigAsync(model);
        using var json = new CheckpointFolder();
        await WriteTokenizerJsonAsync(json);
        await WriteConfigAsync(json);

        var fromModel = TokenizerLoader.Load(model.Path);
        var fromJson = TokenizerLoader.Load(json.Path);

        Assert.Equal(fromModel.Encode(text), fromJson.Encode(text));
        Assert.Equal(text, fromModel.Decode(fromModel.Encode(text)));
        Assert.Equal(text, fromJson.Decode(fromJson.Encode(text)));
    }

    [Fact]
    public async Task Encode_PrefixesAMetaspace_MergesByScore_AndFallsBackToBytes()
    {
        using var folder = new CheckpointFolder();
        await WriteModelAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal([IdOf("▁the"), IdOf("▁cat")], tokenizer.Encode("the cat"));
        Assert.Equal([IdOf("▁the"), IdOf("▁"), IdOf("▁cat")], tokenizer.Encode("the  cat"));
        // "H" and "好" are not pieces: their UTF-8 bytes are.
        Assert.Equal([IdOf("▁"), ByteId(0x48), IdOf("i")], tokenizer.Encode("Hi"));
        Assert.Equal([IdOf("▁"), IdOf("你"), ByteId(0xE5), ByteId(0xA5), ByteId(0xBD)], tokenizer.Encode("你好"));
    }

    [Fact]
    public async Task Decode_DropsTheFirstPrefixSpace_AndJoinsByteTokens()
    {
        using var folder = new CheckpointFolder();
        await WriteModelAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal("the cat", tokenizer.Decode([IdOf("▁the"), IdOf("▁cat")]));
        Assert.Equal("<s> the</s>", tokenizer.Decode([Bos, IdOf("▁the"), Eos]));
        Assert.Equal("the", tokenizer.Decode([Bos, IdOf("▁the"), Eos], skipSpecialTokens: true));
        Assert.Equal("好", tokenizer.Decode([ByteId(0xE5), ByteId(0xA5), ByteId(0xBD)]));
        Assert.Equal("\uFFFD", tokenizer.Decode([ByteId(0xE5), ByteId(0xA5)]));
    }

    [Theory]
    [InlineData(true, new[] { "<s>", "▁the", "</s>", "▁cat" })]
    [InlineData(false, new[] { "<s>", "the", "</s>", "cat" })]
    public async Task TextAfterASpecialToken_GetsAPrefix_OnlyInLegacyMode(bool legacy, string[] expectedPieces)
    {
        using var folder = new CheckpointFolder();
        await WriteModelAsync(folder);
        await WriteConfigAsync(folder, legacy);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal(expectedPieces.Select(IdOf), tokenizer.Encode("<s>the</s>cat"));
    }

    [Theory]
    [InlineData("the cat</s>the mat")]
    [InlineData("<s>the cat is on the mat</s>")]
    [InlineData("Hello 你好 😀!")]
    public async Task MetaspaceFirstTokenizerJson_MatchesNonLegacyTokenizerModel(string text)
    {
        using var model = new CheckpointFolder();
        await WriteModelAsync(model);
        await WriteConfigAsync(model, legacy: false);
        using var json = new CheckpointFolder();
        await WriteTokenizerJsonAsync(json, prependScheme: "first");
        await WriteConfigAsync(json, legacy: false);

        var fromJson = TokenizerLoader.Load(json.Path);

        Assert.Equal(TokenizerLoader.Load(model.Path).Encode(text), fromJson.Encode(text));
        Assert.Equal(text, fromJson.Decode(fromJson.Encode(text)));
    }

    [Fact]
    public async Task SpecialIds_ComeFromTheModel_WhenNoConfigNamesThem()
    {
        using var folder = new CheckpointFolder();
        await WriteModelAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal(Bos, tokenizer.BosTokenId);
        Assert.Equal([Eos], tokenizer.EosTokenIds);
        Assert.True(tokenizer.IsSpecial(Unknown));
        Assert.False(tokenizer.IsSpecial(ByteId(0x41)));
        Assert.Equal(Pieces.Count, tokenizer.VocabularySize);
        Assert.Equal(ByteId(0x0A), tokenizer.TokenToId("<0x0A>"));
    }
}
