using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

[assembly: AssemblyFixture(typeof(SparseVila.Cli.Tests.Gateway.GatewayAssets))]

namespace SparseVila.Cli.Tests.Gateway;

/// <summary>
/// What the end-to-end tests upload and the Gateway serves, made once for the assembly: the demo model's architecture
/// with seeded random weights (real shapes, deterministic answers; the shipped model does not exist yet) and two short
/// shapes-task videos from the project's generator.
/// </summary>
public sealed class GatewayAssets : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-cli-assets-");

    public string ModelFolder => Path.Combine(_folder.FullName, "model");

    /// <summary>An 8-second H.264 video, 128 pixels, 2 fps.</summary>
    public string VideoPath { get; private set; } = string.Empty;

    /// <summary>Another 8-second video (other content).</summary>
    public string OtherVideoPath { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await DemoCheckpoint.WriteRandomAsync(ModelFolder);
        VideoPath = await WriteVideoAsync(seed: 31, seconds: 8);
        OtherVideoPath = await WriteVideoAsync(seed: 32, seconds: 8);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<string> WriteVideoAsync(int seed, int seconds)
    {
        var folder = Path.Combine(_folder.FullName, $"videos-{seed}");
        var options = new DatasetOptions(folder, 1, seed, seconds, seconds, CodecChoice.H264, 128, 128, 2, 2);
        var record = await DatasetGenerator.GenerateVideoAsync(options, seed, seed, CancellationToken.None);
        return Path.Combine(folder, record.Video);
    }
}
