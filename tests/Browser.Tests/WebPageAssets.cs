using SparseVila.Engine.Model;
using SparseVila.Engine.Training;
using SparseVila.Training.Demo;
using SparseVila.Training.Generation;
using static TorchSharp.torch;

namespace SparseVila.Browser.Tests;

/// <summary>
/// What the page is tested with, in a temporary folder of its own: the demo model's architecture with seeded random
/// weights (real shapes, deterministic answers; the trained demo model is not needed to test the page), a short
/// shapes-task video from the project's generator, and the Gateway serving them.
/// </summary>
public sealed class WebPageAssets : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-browser-");

    /// <summary>An 8-second H.264 video (the shortest the shapes task makes), 128 pixels, 2 fps.</summary>
    public string VideoPath { get; private set; } = string.Empty;

    public BrowserGateway Gateway { get; private set; } = null!;

    /// <summary>Where the Gateway listens.</summary>
    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var model = Path.Combine(_folder.FullName, "model");
        await Task.Run(() =>
        {
            var config = DemoCheckpoint.WriteSupportFiles(model);
            manual_seed(7);
            using var weights = new LlavaModel(config);
            TrainingInitialization.Apply(weights);
            DemoCheckpoint.SaveWeights(weights, model);
        });

        var videos = Path.Combine(_folder.FullName, "videos");
        var options = new DatasetOptions(videos, 1, 11, 8, 8, CodecChoice.H264, 128, 128, 2, 2);
        var record = await DatasetGenerator.GenerateVideoAsync(options, 11, 11, CancellationToken.None);
        VideoPath = Path.Combine(videos, record.Video);

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
}
