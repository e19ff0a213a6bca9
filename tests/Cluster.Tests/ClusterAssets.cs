using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

namespace SparseVila.Cluster.Tests;

/// <summary>The demo model's architecture with seeded random weights and three 64-second shapes videos, made once for a test class.</summary>
public sealed class ClusterAssets : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-cluster-assets-");

    public string ModelFolder => Path.Combine(_folder.FullName, "model");

    public IReadOnlyList<string> Videos { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await DemoCheckpoint.WriteRandomAsync(ModelFolder);
        var videos = new List<string>();
        foreach (var seed in new[] { 21, 22, 23 })
        {
            var folder = Path.Combine(_folder.FullName, $"videos-{seed}");
            // The task's longest videos: indexing each takes long enough to be caught in the middle.
            var options = new DatasetOptions(folder, 1, seed, 64, 64, CodecChoice.H264, 128, 128, 2, 2);
            var record = await DatasetGenerator.GenerateVideoAsync(options, seed, seed, CancellationToken.None);
            videos.Add(Path.Combine(folder, record.Video));
        }

        Videos = videos;
    }

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
