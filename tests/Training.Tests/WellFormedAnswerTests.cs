using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class WellFormedAnswerTests
{
    [Theory]
    [InlineData(QuestionType.Color, "magenta", true)]
    [InlineData(QuestionType.Color, "circle", false)]
    [InlineData(QuestionType.Shape, "triangle", true)]
    [InlineData(QuestionType.Shape, "Triangle", false)]
    [InlineData(QuestionType.Where, "bottom left", true)]
    [InlineData(QuestionType.Where, "bottom  left", false)]
    [InlineData(QuestionType.Count, "three", true)]
    [InlineData(QuestionType.Count, "four", false)]
    [InlineData(QuestionType.FirstAppearance, "second 0", true)]
    [InlineData(QuestionType.FirstAppearance, "second 63", true)]
    [InlineData(QuestionType.FirstAppearance, "second 64", false)]
    [InlineData(QuestionType.FirstAppearance, "second 7.", false)]
    [InlineData(QuestionType.FirstAppearance, "", false)]
    public void IsWellFormed_AcceptsExactlyTheAnswersOfTheQuestionsType(QuestionType type, string answer, bool expected) =>
        Assert.Equal(expected, ShapesVocabulary.IsWellFormed(type, answer));

    [Fact]
    public void EveryGeneratedAnswer_IsWellFormed_AndNull_IsNot()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var example = Demo.ShapesExample.Create(seed, ShapesTaskLimits.MinDurationSeconds, ShapesTaskLimits.MaxDurationSeconds);
            Assert.All(example.Questions, q => Assert.True(ShapesVocabulary.IsWellFormed(q.Type, q.Answer), $"{q.Type}: '{q.Answer}'"));
        }

        Assert.False(ShapesVocabulary.IsWellFormed(QuestionType.Count, null));
    }
}
