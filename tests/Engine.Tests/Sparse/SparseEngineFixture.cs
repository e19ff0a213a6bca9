using SparseVila.Engine.Model;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tests.EndToEnd;
using SparseVila.Engine.Tests.Tokenization;
using SparseVila.Engine.Tests.Video;

namespace SparseVila.Engine.Tests.Sparse;

/// <summary>One tiny checkpoint loaded once, a 4-second test video, and visual contexts built from it.</summary>
public sealed class SparseEngineFixture : IAsyncLifetime
{
    private readonly TestVideos _videos;
    private CheckpointFolder? _folder;

    public SparseEngineFixture(TestVideos videos) => _videos = videos;

    public VideoLanguageModel Vlm { get; private set; } = null!;

    public string VideoPath { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _folder = await TinyCheckpointFolder.WriteAsync();
        Vlm = VideoLanguageModel.Load(_folder.Path, ModelLoadOptions.Cpu);
        VideoPath = await _videos.ColoursAsync("h264");
    }

    public Task<VisualContext> BuildAsync(double keepRatio, int windowFrames = 16, int prefillChunkTokens = 1024) =>
        new VisualContextBuilder(Vlm).BuildAsync(VideoPath,
            new VisualContextOptions { KeepRatio = keepRatio, WindowFrames = windowFrames, PrefillChunkTokens = prefillChunkTokens },
            TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        Vlm?.Dispose();
        _folder?.Dispose();
        return ValueTask.CompletedTask;
    }
}
