using SparseVila.Engine.Sparse;

namespace SparseVila.Engine.Tests.Sparse;

public sealed class AnswerTextTrimmerTests
{
    [Theory]
    [InlineData(" red")]
    [InlineData(" ", " 8", " 8", " ")]
    [InlineData("top", " ", "", "left", "\n")]
    [InlineData("  ", "\t")]
    [InlineData("second", " 12", " \n", " \n")]
    public void TheStreamedDeltas_AddUpToTheTrimmedAnswer(params string[] deltas)
    {
        var trimmer = new AnswerTextTrimmer();

        var streamed = string.Concat(deltas.Select(trimmer.Next));

        Assert.Equal(string.Concat(deltas).Trim(), streamed);
    }

    [Fact]
    public void InnerWhitespace_IsStreamedWithTheWordAfterIt()
    {
        var trimmer = new AnswerTextTrimmer();

        Assert.Equal("top", trimmer.Next(" top "));
        Assert.Equal(string.Empty, trimmer.Next(" "));
        Assert.Equal("  left", trimmer.Next("left"));
    }
}
