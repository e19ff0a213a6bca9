using SparseVila.Training.Demo;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class CurriculumTests
{
    [Fact]
    public void Clips_StartShort_GrowOnlyWithAccuracy_UntilTheForcedRamp()
    {
        var curriculum = new Curriculum(totalSteps: 1000);

        var beforeRamp = (int)(Curriculum.ForcedRampStart * 1000);

        Assert.Equal((1, Curriculum.ShortMaxSeconds), curriculum.Bounds(0));
        Assert.Equal((1, Curriculum.ShortMaxSeconds), curriculum.Bounds(beforeRamp));
        Assert.False(curriculum.Observe(Curriculum.PromotionAccuracy - 0.01));
        Assert.Equal((1, Curriculum.ShortMaxSeconds), curriculum.Bounds(beforeRamp));
        Assert.True(curriculum.Observe(Curriculum.PromotionAccuracy));
        Assert.Equal(Curriculum.ShortMaxSeconds + Curriculum.GrowSeconds, curriculum.Bounds(beforeRamp).MaxSeconds);
    }

    [Fact]
    public void FromTheForcedRampsEnd_ClipsAreTaskVideos_WhateverTheAccuracy()
    {
        var curriculum = new Curriculum(totalSteps: 1000);
        var end = (int)(Curriculum.ForcedRampEnd * 1000);
        var middle = (int)((Curriculum.ForcedRampStart + Curriculum.ForcedRampEnd) / 2 * 1000);

        Assert.Equal((ShapesTaskLimits.MinDurationSeconds, ShapesTaskLimits.MaxDurationSeconds), curriculum.Bounds(end));
        Assert.InRange(curriculum.Bounds(middle).MaxSeconds, 20, 50);
        var random = new Random(1);
        var clips = Enumerable.Range(0, 2000).Select(_ => curriculum.Clip(end, random)).ToList();
        var tasks = clips.Where(c => c.Seconds >= ShapesTaskLimits.MinDurationSeconds).ToList();
        Assert.All(tasks, c => Assert.Equal(0, c.StartSecond));
        Assert.InRange(tasks.Count, 2000 * (1 - Curriculum.ShortFraction) - 100, 2000 * (1 - Curriculum.ShortFraction) + 100);
        Assert.All(clips.Except(tasks), c => Assert.InRange(c.Seconds, 1, Curriculum.ShortMaxSeconds));
    }

    [Fact]
    public void ShortClips_SeemToStartAnywhereInATaskVideo()
    {
        var curriculum = new Curriculum(totalSteps: 1000);
        var random = new Random(2);

        var clips = Enumerable.Range(0, 2000).Select(_ => curriculum.Clip(0, random)).ToList();

        Assert.All(clips, c => Assert.InRange(c.Seconds, 1, Curriculum.ShortMaxSeconds));
        Assert.All(clips, c => Assert.InRange(c.StartSecond + c.Seconds, 1, ShapesTaskLimits.MaxDurationSeconds));
        Assert.Contains(clips, c => c.StartSecond == 0);
        Assert.Contains(clips, c => c.StartSecond + c.Seconds == ShapesTaskLimits.MaxDurationSeconds);
    }

    [Fact]
    public void LongClips_AreAskedMoreQuestions()
    {
        Assert.Equal(QuestionGenerator.MaxConversationLength, TrainCommand.ConversationLength(1, TrainCommand.DefaultMostQuestions));
        Assert.Equal(QuestionGenerator.MaxConversationLength, TrainCommand.ConversationLength(16, TrainCommand.DefaultMostQuestions));
        Assert.Equal(12, TrainCommand.ConversationLength(24, TrainCommand.DefaultMostQuestions));
        Assert.Equal(TrainCommand.DefaultMostQuestions, TrainCommand.ConversationLength(64, TrainCommand.DefaultMostQuestions));
    }

    [Fact]
    public void PromotionsStopAtTheLongestVideo()
    {
        var curriculum = new Curriculum(totalSteps: 1000);
        while (curriculum.Observe(1))
        {
        }

        Assert.Equal((ShapesTaskLimits.MinDurationSeconds, ShapesTaskLimits.MaxDurationSeconds), curriculum.Bounds(0));
    }
}
