using System.Text.Json.Nodes;
using SparseVila.Engine.Tokenization;
using static SparseVila.Engine.Tests.Tokenization.TinyByteLevelBpe;

namespace SparseVila.Engine.Tests.Tokenization;

public sealed class TokenizerLoaderTests
{
    [Fact]
    public async Task TokenizerJson_IsPreferred_OverVocabAndMerges()
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder);
        await WriteTokenizerJsonAsync(folder, withMerges: false); // tells apart: without merges "the" is three tokens

        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal([IdOf("t"), IdOf("h"), IdOf("e")], tokenizer.Encode("the"));
    }

    [Theory]
    [InlineData("5", new[] { 5 })]
    [InlineData("[7, 5]", new[] { 7, 5 })]
    public async Task EosIds_ComeFromGenerationConfig_ThenTheTokenizerConfig(string eosTokenId, int[] fromGenerationConfig)
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder);
        await folder.WriteAsync("generation_config.json", $$"""{ "bos_token_id": 3, "eos_token_id": {{eosTokenId}}, "do_sample": true }""");

        var tokenizer = TokenizerLoader.Load(folder.Path);

        Assert.Equal([.. fromGenerationConfig, ImEnd], tokenizer.EosTokenIds);
        Assert.Equal(3, tokenizer.BosTokenId); // the tokenizer config names no BOS, generation_config does
    }

    [Fact]
    public async Task EosId_NamedInBothConfigs_IsListedOnce()
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder);
        await folder.WriteAsync("generation_config.json", $$"""{ "eos_token_id": [{{ImEnd}}, {{EndOfText}}] }""");

        Assert.Equal([ImEnd, EndOfText], TokenizerLoader.Load(folder.Path).EosTokenIds);
    }

    [Fact]
    public async Task BosToken_FromTokenizerConfig_IsResolvedToItsId()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        await WriteConfigAsync(folder);
        await folder.EditJsonAsync("tokenizer_config.json", json => json["bos_token"] = new JsonObject { ["content"] = "<|im_start|>" });

        Assert.Equal(ImStart, TokenizerLoader.Load(folder.Path).BosTokenId);
    }

    [Fact]
    public void MissingFolder_IsRefused_NamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sparsevila-no-such-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(missing));

        Assert.Equal(missing, error.FilePath);
    }

    [Fact]
    public void FolderWithoutTokenizerFiles_IsRefused_ListingWhatWasLookedFor()
    {
        using var folder = new CheckpointFolder();

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.Path, error.FilePath);
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VocabWithoutMerges_IsRefused_NamingMergesTxt()
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder);
        File.Delete(folder.File("merges.txt"));

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("merges.txt"), error.FilePath);
    }

    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("BertTokenizer", "'BertTokenizer'")]
    public async Task VocabAndMerges_NeedAKnownTokenizerClass(string? tokenizerClass, string reason)
    {
        using var folder = new CheckpointFolder();
        await WriteVocabAndMergesAsync(folder);
        if (tokenizerClass is null)
        {
            File.Delete(folder.File("tokenizer_config.json"));
        }
        else
        {
            await WriteConfigAsync(folder, tokenizerClass);
        }

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("tokenizer_config.json"), error.FilePath);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tokenizer.json")]
    [InlineData("tokenizer_config.json")]
    [InlineData("generation_config.json")]
    public async Task MalformedJson_IsRefused_NamingTheFile(string fileName)
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        await WriteConfigAsync(folder);
        await folder.WriteAsync(fileName, "{ \"model\": ");

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File(fileName), error.FilePath);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", "type", "\"WordPiece\"", "'WordPiece'")]
    [InlineData("model", "type", "\"Unigram\"", "'Unigram'")]
    [InlineData("model", "dropout", "0.1", "dropout")]
    [InlineData(null, "pre_tokenizer", """{ "type": "Whitespace" }""", "pre_tokenizer [Whitespace]")]
    [InlineData(null, "normalizer", """{ "type": "Lowercase" }""", "'Lowercase'")]
    [InlineData(null, "decoder", """{ "type": "WordPiece" }""", "ByteLevel")]
    [InlineData(null, "added_tokens", """[{ "id": 1, "content": "<x>", "single_word": true }]""", "single_word")]
    public async Task UnsupportedTokenizerJson_IsRefused_NamingWhatIsUnsupported(string? section, string property, string value, string named)
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        await folder.EditJsonAsync("tokenizer.json", json => (section is null ? json : json[section]!)[property] = JsonNode.Parse(value));

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("tokenizer.json"), error.FilePath);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddedTokenIdClash_BetweenTokenizerJsonAndConfig_IsRefused_NamingTheConfig()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        await WriteConfigAsync(folder);
        await folder.EditJsonAsync("tokenizer_config.json", json => json["added_tokens_decoder"]![$"{ImEnd}"]!["content"] = "<|im_stop|>");

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("tokenizer_config.json"), error.FilePath);
        Assert.Contains("<|im_stop|>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EosIdOutsideTheVocabulary_IsRefused_NamingGenerationConfig()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        await folder.WriteAsync("generation_config.json", """{ "eos_token_id": [2, 999999] }""");

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("generation_config.json"), error.FilePath);
        Assert.Contains("999999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EosTokenMissingFromTheVocabulary_IsRefused_NamingTheConfig()
    {
        using var folder = new CheckpointFolder();
        await WriteTokenizerJsonAsync(folder);
        await WriteConfigAsync(folder);
        await folder.EditJsonAsync("tokenizer_config.json", json => json["eos_token"] = "<|eot_id|>");

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("tokenizer_config.json"), error.FilePath);
        Assert.Contains("<|eot_id|>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0xFF, 0x01 }, "not a readable SentencePiece model")]
    [InlineData(new byte[] { 0x12, 0x02, 0x18, 0x01 }, "no pieces")] // a trainer_spec saying Unigram, and nothing else
    public async Task BrokenTokenizerModel_IsRefused_NamingIt(byte[] bytes, string reason)
    {
        using var folder = new CheckpointFolder();
        await folder.WriteAsync("tokenizer.model", bytes);

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("tokenizer.model"), error.FilePath);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnigramTokenizerModel_IsRefused_NamingTheModelType()
    {
        using var folder = new CheckpointFolder();
        var model = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "<unk>").Float(2, 0).Varint(3, 2))
            .Message(2, new ProtobufWriter().Varint(3, 1)) // model_type: Unigram
            .Message(3, new ProtobufWriter().String(1, "identity").Bool(4, false));
        await folder.WriteAsync("tokenizer.model", model.ToArray());

        var error = Assert.Throws<TokenizerLoadException>(() => TokenizerLoader.Load(folder.Path));

        Assert.Equal(folder.File("tokenizer.model"), error.FilePath);
        Assert.Contains("model type 1", error.Message, StringComparison.Ordinal);
    }
}
