using SparseVila.Training.Demo;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

/// <summary>Training clips shorter than a task video: what is visible then, as it is then, and questions true of the clip.</summary>
public sealed class ClipTests
{
    [Fact]
    public void AClip_ShowsExactlyTheScenesFirstSeconds()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var scene = TestScenes.Generated(seed);
            var seconds = 1 + seed % 7;

            var clip = scene.Clip(seconds);

            Assert.Equal(seconds, clip.DurationSeconds);
            for (var second = 0; second < seconds; second++)
            {
                Assert.Equal(scene.VisibleAt(second).Select(o => (o.Id, o.Shape, o.Color, o.CellAt(second))),
                    clip.VisibleAt(second).Select(o => (o.Id, o.Shape, o.Color, o.CellAt(second))));
            }

            Assert.All(clip.Objects, o => Assert.InRange(o.DisappearSecond, 1, seconds));
        }
    }

    [Fact]
    public void ClipExamples_AskOnlyQuestionsTrueOfTheClip_AndRenderOneFramePerSecond()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var seconds = 1 + seed % 5;

            var example = ShapesExample.CreateClip(seed, seconds, questions: 8);

            Assert.Equal(seconds, example.Scene.DurationSeconds);
            Assert.InRange(example.Questions.Count, 1, 8);
            Assert.All(example.Questions, q => Assert.Equal(q.Answer, QuestionOracle.Judge(example.Scene, q.Text).Answer));
            using var frames = FrameSource.Render(example.Scene, example.Style, 48);
            Assert.Equal(seconds, frames.shape[0]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => TestScenes.Generated(0).Clip(0));
    }
}
