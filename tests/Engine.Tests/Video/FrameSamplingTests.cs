using SparseVila.Engine.Video;

namespace SparseVila.Engine.Tests.Video;

public sealed class FrameSamplingTests
{
    [Fact]
    public void Uniform_TakesTheCentresOfEqualSlices() =>
        Assert.Equal([1.0, 3.0, 5.0, 7.0, 9.0], new UniformFrameSampling(5).TimestampsSeconds(10.0));

    [Fact]
    public void Uniform_OnAShortVideo_StillTakesEveryFrameAsked() =>
        Assert.Equal([0.125, 0.375], new UniformFrameSampling(2).TimestampsSeconds(0.5));

    [Fact]
    public void FixedRate_OneFramePerSecond_IsAtWholeSeconds()
    {
        var timestamps = new FixedRateFrameSampling(1) { MaxFrameCount = 4000 }.TimestampsSeconds(3600.5);

        Assert.Equal(3601, timestamps.Count);
        for (var k = 0; k < timestamps.Count; k++)
        {
            Assert.Equal(k, timestamps[k]);   // exactly, not within a tolerance
        }
    }

    [Theory]
    [InlineData(1.0, 4.0, 4)]    // 0, 1, 2, 3: the instant 4 s is the end, not a frame
    [InlineData(1.0, 4.5, 5)]
    [InlineData(10.0, 0.3, 3)]   // 0.3 × 10 = 3.0000000000000004 must not give a fourth frame at 0.3 s
    [InlineData(2.0, 0.1, 1)]
    public void FixedRate_TakesEveryInstantBeforeTheEnd(double framesPerSecond, double durationSeconds, int frameCount)
    {
        var timestamps = new FixedRateFrameSampling(framesPerSecond).TimestampsSeconds(durationSeconds);

        Assert.Equal(frameCount, timestamps.Count);
        Assert.Equal(0, timestamps[0]);
        Assert.All(timestamps, t => Assert.True(t < durationSeconds));
    }

    [Fact]
    public void FixedRate_OnATwoHourVideo_IsRefusedAboveTheFrameLimit()
    {
        var error = Assert.Throws<FrameLimitExceededException>(() => new FixedRateFrameSampling(1).TimestampsSeconds(7200));

        Assert.Equal((7200, FrameSampling.DefaultMaxFrameCount), (error.PlannedFrameCount, error.MaxFrameCount));
    }

    [Fact]
    public void Uniform_AboveTheFrameLimit_IsRefused() =>
        Assert.Throws<FrameLimitExceededException>(() => new UniformFrameSampling(9) { MaxFrameCount = 8 }.TimestampsSeconds(60));

    [Fact]
    public void Samplings_RefuseNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformFrameSampling(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedRateFrameSampling(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedRateFrameSampling(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformFrameSampling(4) { MaxFrameCount = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformFrameSampling(4).TimestampsSeconds(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformFrameSampling(4).TimestampsSeconds(double.PositiveInfinity));
    }
}
