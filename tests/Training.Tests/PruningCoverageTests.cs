using SparseVila.Engine;
using SparseVila.Engine.Model;
using SparseVila.Engine.Sparse;
using SparseVila.Training.Demo;

namespace SparseVila.Training.Tests;

/// <summary>Query-agnostic pruning on the shipped model keeps what the task's questions are about: the patches that show objects.</summary>
public sealed class PruningCoverageTests
{
    /// <summary>The indexer's defaults, as the service prunes (keep 0.5).</summary>
    private static readonly VisualContextOptions Defaults = new();

    [Fact]
    public async Task Distinctiveness_WithTheIndexersDefaults_KeepsThePatchesThatShowObjects()
    {
        using var vlm = VideoLanguageModel.Load(DefaultModel.Folder(), ModelLoadOptions.Cpu);
        var builder = new VisualContextBuilder(vlm);
        var summary = vlm.Model.Config.SummaryTokensPerFrame;
        var (shown, kept) = (0, 0);
        foreach (var seed in Enumerable.Range(TrainCommand.HeldOutSeedStart + 80_000, 3))
        {
            var example = ShapesExample.Create(seed, 16, 16);
            using var pixels = example.Pixels(vlm.Preprocessing);
            using var context = await builder.BuildAsync(ShapesEvaluator.Windows(pixels, Defaults.WindowFrames, TestContext.Current.CancellationToken), $"shapes seed {seed}", Defaults);
            var keptPatches = context.Tokens.Where(t => t.Kind == ContextTokenKind.Visual).Select(t => (t.FrameIndex, t.PatchIndex)).ToHashSet();
            for (var second = 0; second < example.Scene.DurationSeconds; second++)
            {
                foreach (var visible in example.Scene.VisibleAt(second))
                {
                    shown++;
                    kept += keptPatches.Contains((second, summary + (int)visible.CellAt(second))) ? 1 : 0;
                }
            }
        }

        Assert.True(shown > 0, "the clips show no object");
        Assert.True(kept >= 0.97 * shown, $"kept {kept} of the {shown} patches that show an object");
    }
}
