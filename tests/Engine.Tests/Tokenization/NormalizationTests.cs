using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Tests.Tokenization;

public sealed class NormalizationTests
{
    [Fact]
    public async Task Qwen2Tokenizer_NormalizesToNfc_SoDecomposedTextGetsTheComposedIds()
    {
        using var folder = new CheckpointFolder();
        await TinyByteLevelBpe.WriteTokenizerJsonAsync(folder);
        await TinyByteLevelBpe.WriteConfigAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);

        var composed = tokenizer.Encode("caf\u00e9");
        var decomposed = tokenizer.Encode("cafe\u0301");

        Assert.Equal(composed, decomposed);
        Assert.Contains(TinyByteLevelBpe.IdOf("é"), composed);
    }
}
