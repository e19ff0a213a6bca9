using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

namespace SparseVila.Bench.Accuracy;

/// <summary>
/// The held-out set: video i is generated from seed <see cref="TrainCommand.HeldOutSeedStart"/> + i (training draws its
/// clips from seeds below that), encoded as the task allows (H.264 or VP9, 128–480 px, 2–8 fps, 8–64 s), one at a time
/// into a scratch folder.
/// </summary>
internal static class HeldOutVideos
{
    /// <summary>Writes video <paramref name="index"/> into <paramref name="folder"/>; returns its record and path.</summary>
    public static async Task<(QaRecord Record, string Path)> WriteAsync(string folder, int index, CancellationToken cancellationToken)
    {
        var options = new DatasetOptions(folder, VideoCount: 1, Seed: TrainCommand.HeldOutSeedStart);
        var record = await DatasetGenerator.GenerateVideoAsync(options, index, TrainCommand.HeldOutSeedStart + index, cancellationToken).ConfigureAwait(false);
        return (record, System.IO.Path.Combine(folder, record.Video));
    }
}
