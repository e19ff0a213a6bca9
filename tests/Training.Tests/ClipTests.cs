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

    [Fact]
    public void AClipShownFromALaterSecond_IsMarkedAndAskedAboutThoseSeconds_AsAVideoEmptyBeforeIt()
    {
        using var folder = new TemporaryFolder();
        var preprocessing = SparseVila.Engine.Video.ImagePreprocessing.Load(Path.Combine(Prepared(folder), "preprocessor_config.json"));
        for (var seed = 0; seed < 40; seed++)
        {
            var seconds = 1 + seed % 5;
            var start = 8 + seed;
            var clip = ShapesExample.CreateClip(seed, seconds, questions: 8);

            var shown = clip.StartingAt(start);

            // The same clip in a video that shows nothing for its first `start` seconds.
            var padded = new Scene(start + seconds, [.. clip.Scene.Objects.Select(o => new ObjectTrack(o.Id, o.Shape, o.Color, o.AppearSecond + start,
                o.DisappearSecond + start, o.FirstCell, o.MoveSecond + start, o.MovedToCell))]);
            Assert.Equal(clip.Questions.Select(q => q.Type), shown.Questions.Select(q => q.Type));
            Assert.All(shown.Questions, q => Assert.Equal(q.Answer, QuestionOracle.Judge(padded, q.Text).Answer));
            Assert.All(shown.Questions.Zip(clip.Questions), p => Assert.Equal(p.Second.Second + start, p.First.Second));
            var training = shown.ToTraining(preprocessing);
            using (training.Pixels)
            {
                Assert.Equal(Enumerable.Range(start, seconds).Select(s => (double)s), training.TimestampsSeconds);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ShapesExample.CreateClip(0, 4, 8).StartingAt(ShapesTaskLimits.MaxDurationSeconds - 3));
    }

    private static string Prepared(TemporaryFolder folder)
    {
        DemoCheckpoint.WriteSupportFiles(folder.Path);
        return folder.Path;
    }
}
