using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

namespace SparseVila.Browser.Tests;

/// <summary>
/// What the page is tested with, in a temporary folder of its own: the demo model's architecture with seeded random
/// weights (real shapes, deterministic answers; the trained demo model is not needed to test the page), three short
/// shapes-task videos from the project's generator, and the Gateway serving them.
/// </summary>
public sealed class WebPageAssets : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-browser-");

    /// <summary>An 8-second H.264 video (the shortest the shapes task makes), 128 pixels, 2 fps.</summary>
    public string VideoPath { get; private set; } = string.Empty;

    /// <summary>Another such video, other bytes: indexed on its own, never from the first one's cache.</summary>
    public string OtherVideoPath { get; private set; } = string.Empty;

    /// <summary>A third, for the test that indexes from the page a video uploaded without indexing.</summary>
    public string ThirdVideoPath { get; private set; } = string.Empty;

    public BrowserGateway Gateway { get; private set; } = null!;

    /// <summary>Where the Gateway listens.</summary>
    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var model = Path.Combine(_folder.FullName, "model");
        await DemoCheckpoint.WriteRandomAsync(model);

        VideoPath = await WriteVideoAsync(seed: 11);
        OtherVideoPath = await WriteVideoAsync(seed: 12);
        ThirdVideoPath = await WriteVideoAsync(seed: 13);

        Gateway = new BrowserGateway(Path.Combine(_folder.FullName, "gateway"), model);
        Address = Gateway.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        _folder.Delete(recursive: true);
    }

    private async Task<string> WriteVideoAsync(int seed)
    {
        var folder = Path.Combine(_folder.FullName, $"videos-{seed}");
        var options = new DatasetOptions(folder, 1, seed, 8, 8, CodecChoice.H264, 128, 128, 2, 2);
        var record = await DatasetGenerator.GenerateVideoAsync(options, seed, seed, CancellationToken.None);
        return Path.Combine(folder, record.Video);
    }
}
