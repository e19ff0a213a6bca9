using System.Text;
using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Tests.Tokenization;

public sealed class IncrementalDecoderTests
{
    private const string Text = "the cat 你好 😀🎉 café\n\nthe end";

    [Fact]
    public async Task ByteLevel_TokenByToken_EmitsExactlyTheDecodedText_NeverABrokenCharacter()
    {
        var tokenizer = await LoadByteLevelAsync();
        var ids = tokenizer.Encode(Text);

        var chunks = Stream(tokenizer.CreateIncrementalDecoder(), ids, out var rest);

        Assert.All(chunks, AssertWholeCharacters);
        Assert.Equal("", rest);
        Assert.Equal(tokenizer.Decode(ids), string.Concat(chunks));
        Assert.Equal(Text, string.Concat(chunks));
    }

    [Fact]
    public async Task ByteLevel_HoldsACharacterBack_UntilItsLastByteArrives()
    {
        var tokenizer = await LoadByteLevelAsync();
        var decoder = tokenizer.CreateIncrementalDecoder();

        Assert.Equal("the", decoder.Append(TinyByteLevelBpe.IdOf("the")));
        Assert.Equal("", decoder.Append(TinyByteLevelBpe.IdOf(0xE4, 0xBD))); // two of 你's three bytes
        Assert.Equal("你", decoder.Append(TinyByteLevelBpe.IdOf(0xA0)));
        Assert.Equal("", decoder.Append(TinyByteLevelBpe.IdOf(0xF0, 0x9F))); // half of 😀
        Assert.Equal("😀", decoder.Append(TinyByteLevelBpe.IdOf(0x98, 0x80)));
    }

    [Fact]
    public async Task Flush_ReturnsAnIncompleteCharacter_AsDecodeWould()
    {
        var tokenizer = await LoadByteLevelAsync();
        var decoder = tokenizer.CreateIncrementalDecoder();
        int[] ids = [TinyByteLevelBpe.IdOf("the"), TinyByteLevelBpe.IdOf(0xF0, 0x9F)];

        var emitted = decoder.Append(ids[0]) + decoder.Append(ids[1]);
        var rest = decoder.Flush();

        Assert.Equal("the", emitted);
        Assert.Equal("\uFFFD", rest);
        Assert.Equal(tokenizer.Decode(ids), emitted + rest);
    }

    [Fact]
    public async Task SpecialTokens_AreWritten_UnlessTheDecoderSkipsThem()
    {
        var tokenizer = await LoadByteLevelAsync();
        var ids = tokenizer.Encode("the<|im_end|>");

        Assert.Equal("the<|im_end|>", string.Concat(Stream(tokenizer.CreateIncrementalDecoder(), ids, out _)));
        Assert.Equal("the", string.Concat(Stream(new IncrementalDecoder(tokenizer, skipSpecialTokens: true), ids, out _)));
    }

    [Fact]
    public async Task SentencePiece_TokenByToken_PutsSpacesWhereDecodeDoes()
    {
        using var folder = new CheckpointFolder();
        await TinySentencePiece.WriteModelAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);
        const string text = "the cat  is on 你好 the 😀 mat";
        var ids = tokenizer.Encode(text);

        var chunks = Stream(tokenizer.CreateIncrementalDecoder(), ids, out var rest);

        Assert.Equal("the", chunks[0]); // the prefix space of the first token is dropped
        Assert.Equal(" cat", chunks[1]);
        Assert.All(chunks, AssertWholeCharacters);
        Assert.Equal("", rest);
        Assert.Equal(text, string.Concat(chunks));
    }

    private static async Task<ITextTokenizer> LoadByteLevelAsync()
    {
        using var folder = new CheckpointFolder();
        await TinyByteLevelBpe.WriteTokenizerJsonAsync(folder);
        return TokenizerLoader.Load(folder.Path);
    }

    private static List<string> Stream(IncrementalDecoder decoder, IEnumerable<int> ids, out string rest)
    {
        var chunks = ids.Select(decoder.Append).ToList();
        rest = decoder.Flush();
        return chunks;
    }

    // No replacement character, no lone surrogate: every chunk is whole text.
    private static void AssertWholeCharacters(string chunk)
    {
        Assert.DoesNotContain('\uFFFD', chunk);
        Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(chunk)) == chunk, $"'{chunk}' splits a surrogate pair.");
    }
}
