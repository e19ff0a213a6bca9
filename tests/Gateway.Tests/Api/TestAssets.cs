using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

[assembly: AssemblyFixture(typeof(SparseVila.Gateway.Tests.Api.TestAssets))]

namespace SparseVila.Gateway.Tests.Api;

/// <summary>
/// What the API tests index and ask about, made once for the assembly: the demo model's architecture with seeded random
/// weights (real shapes, deterministic answers) and short shapes-task videos from the project's generator.
/// </summary>
public sealed class TestAssets : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-gateway-assets-");

    public string ModelFolder => Path.Combine(_folder.FullName, "model");

    /// <summary>An 8-second H.264 video (the task's shortest), 128 pixels, 2 fps.</summary>
    public string VideoPath { get; private set; } = string.Empty;

    /// <summary>Another 8-second video (other content).</summary>
    public string OtherVideoPath { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await DemoCheckpoint.WriteRandomAsync(ModelFolder);
        VideoPath = await WriteVideoAsync(seed: 11, seconds: 8);
        OtherVideoPath = await WriteVideoAsync(seed: 12, seconds: 8);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A Gateway serving the random model, with <paramref name="settings"/> on top.</summary>
    public GatewayFactory CreateGateway(IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Inference:ModelFolder"] = ModelFolder };
        return new GatewayFactory { Settings = all };
    }

    private async Task<string> WriteVideoAsync(int seed, int seconds)
    {
        var folder = Path.Combine(_folder.FullName, $"videos-{seed}");
        var options = new DatasetOptions(folder, 1, seed, seconds, seconds, CodecChoice.H264, 128, 128, 2, 2);
        var record = await DatasetGenerator.GenerateVideoAsync(options, seed, seed, CancellationToken.None);
        return Path.Combine(folder, record.Video);
    }
}
