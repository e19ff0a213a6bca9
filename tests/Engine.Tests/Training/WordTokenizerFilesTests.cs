using SparseVila.Engine.Tokenization;
using SparseVila.Engine.Training;

namespace SparseVila.Engine.Tests.Training;

public sealed class WordTokenizerFilesTests
{
    [Fact]
    public void WrittenTokenizer_Loads_RoundTripsText_AndMakesItsWordsSingleTokens()
    {
        var folder = Directory.CreateTempSubdirectory("sparsevila-words-");
        try
        {
            string[] words = ["what", "color", "is", "the", "square", "red", "second"];
            var ids = WordTokenizerFiles.Write(folder.FullName, words);
            var tokenizer = TokenizerLoader.Load(folder.FullName);

            Assert.Equal(ids, tokenizer.VocabularySize);
            Assert.Single(tokenizer.Encode("square"));
            Assert.Single(tokenizer.Encode(" square"));
            Assert.Equal(4, tokenizer.Encode("what color is red").Count);
            var text = "<|im_start|>user\nwhat color is the square at second 12?<|im_end|>\n";
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
            Assert.Equal([tokenizer.TokenToId("<|im_end|>")!.Value], tokenizer.EosTokenIds);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
