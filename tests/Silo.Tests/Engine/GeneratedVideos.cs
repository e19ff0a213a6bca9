using SparseVila.Training.Generation;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>Shapes-task videos made by the project's generator and ffmpeg, small and short, in a folder of their own.</summary>
internal static class GeneratedVideos
{
    /// <summary>Writes a <paramref name="seconds"/>-second H.264 video of 128 pixels at 2 fps from <paramref name="seed"/>; returns its path.</summary>
    public static async Task<string> WriteAsync(string folder, int seed, int seconds, CancellationToken cancellationToken)
    {
        var options = new DatasetOptions(folder, 1, seed, seconds, seconds, CodecChoice.H264, 128, 128, 2, 2);
        var record = await DatasetGenerator.GenerateVideoAsync(options, seed, seed, cancellationToken);
        return Path.Combine(folder, record.Video);
    }
}
