using SparseVila.Training.Demo;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class ShapesAccuracyTests
{
    [Fact]
    public void Answers_AreTalliedByType_ByTurn_AndByTheRangeOfTheirVideosLength()
    {
        var accuracy = new ShapesAccuracy();

        accuracy.Add(QuestionType.Count, 0, right: true, videoSeconds: 8);
        accuracy.Add(QuestionType.Shape, 1, right: false, videoSeconds: 16);
        accuracy.Add(QuestionType.Shape, 0, right: true, videoSeconds: 17);
        accuracy.Add(QuestionType.FirstAppearance, 2, right: false, videoSeconds: 64);
        accuracy.Add(QuestionType.FirstAppearance, 3, right: true);

        Assert.Equal(0.6, accuracy.Overall, 6);
        Assert.Equal(0.5, accuracy.ByType[QuestionType.Shape]);
        Assert.Equal(1.0, accuracy.ByTurn[0]);
        // An answer recorded without its video's length counts everywhere but by length; a range with no video is left out.
        Assert.Equal(["8-16 s", "17-32 s", "49-64 s"], accuracy.ByLength.Select(b => b.Bucket.Label));
        var (shortest, middle, longest) = (accuracy.ByLength[0].Accuracy, accuracy.ByLength[1].Accuracy, accuracy.ByLength[2].Accuracy);
        Assert.Equal((2, 0.5, 1.0, 0.0), (shortest.Asked, shortest.Overall, shortest.ByType[QuestionType.Count], shortest.ByType[QuestionType.Shape]));
        Assert.Equal((1, 1.0), (middle.Asked, middle.Overall));
        Assert.Equal((1, 0.0), (longest.Asked, longest.ByType[QuestionType.FirstAppearance]));
    }

    [Fact]
    public void LengthRanges_CoverTheTasksVideos_EachSecondInExactlyOne()
    {
        for (var seconds = ShapesTaskLimits.MinDurationSeconds; seconds <= ShapesTaskLimits.MaxDurationSeconds; seconds++)
        {
            Assert.Single(VideoLengthBucket.All, b => seconds >= b.MinSeconds && seconds <= b.MaxSeconds);
            Assert.InRange(seconds, VideoLengthBucket.Of(seconds).MinSeconds, VideoLengthBucket.Of(seconds).MaxSeconds);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => VideoLengthBucket.Of(ShapesTaskLimits.MinDurationSeconds - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoLengthBucket.Of(ShapesTaskLimits.MaxDurationSeconds + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShapesAccuracy().Add(QuestionType.Count, 0, right: true, videoSeconds: 65));
    }
}
