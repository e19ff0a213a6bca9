using SparseVila.Training.Demo;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class CurriculumTests
{
    [Fact]
    public void Clips_StartShort_GrowOnlyWithAccuracy_UntilTheForcedRamp()
    {
        var curriculum = new Curriculum(totalSteps: 1000);

        Assert.Equal((1, 4), curriculum.Bounds(0));
        Assert.Equal((1, 4), curriculum.Bounds(500));
        Assert.False(curriculum.Observe(Curriculum.PromotionAccuracy - 0.01));
        Assert.Equal((1, 4), curriculum.Bounds(500));
        Assert.True(curriculum.Observe(Curriculum.PromotionAccuracy));
        Assert.Equal(4 + Curriculum.GrowSeconds, curriculum.Bounds(500).MaxSeconds);
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
        Assert.All(Enumerable.Range(0, 200).Select(_ => curriculum.ClipSeconds(end, random)),
            s => Assert.InRange(s, ShapesTaskLimits.MinDurationSeconds, ShapesTaskLimits.MaxDurationSeconds));
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
