namespace SparseVila.Engine.Video;

/// <summary>
/// A regular grid of <see cref="FrameCount"/> instants, t(k) = FirstSeconds + k · PeriodSeconds / FramesPerPeriod.
/// The rate is kept as a fraction (FramesPerPeriod over PeriodSeconds) so that ffmpeg receives it exactly
/// as planned: <c>1/1</c> at one frame a second, <c>8/7200.5</c> for 8 frames over 7,200.5 s.
/// </summary>
internal readonly record struct SamplingGrid(double FirstSeconds, double FramesPerPeriod, double PeriodSeconds, int FrameCount)
{
    /// <summary>The instant of the k-th sample.</summary>
    public double TimestampSeconds(int k) => FirstSeconds + k * PeriodSeconds / FramesPerPeriod;

    /// <summary>All instants, in order.</summary>
    public IReadOnlyList<double> TimestampsSeconds()
    {
        var timestamps = new double[FrameCount];
        for (var k = 0; k < FrameCount; k++)
        {
            timestamps[k] = TimestampSeconds(k);
        }

        return timestamps;
    }
}
