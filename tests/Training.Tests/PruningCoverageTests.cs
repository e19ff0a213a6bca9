using SparseVila.Engine;
using SparseVila.Engine.Model;
using SparseVila.Engine.Sparse;
using SparseVila.Training.Demo;
using static TorchSharp.torch;

namespace SparseVila.Training.Tests;

/// <summary>Query-agnostic pruning on the shipped model keeps what the task's questions are about: the patches that show objects.</summary>
public sealed class PruningCoverageTests
{
    /// <summary>The indexer's defaults, as the service prunes (keep 0.5).</summary>
    private static readonly VisualContextOptions Defaults = new();

    [Fact]
    public void Distinctiveness_WithTheIndexersDefaults_KeepsThePatchesThatShowObjects()
    {
        using var vlm = VideoLanguageModel.Load(DefaultModel.Folder(), ModelLoadOptions.Cpu);
        using var inference = no_grad();
        var summary = vlm.Model.Config.SummaryTokensPerFrame;
        var (shown, kept) = (0, 0);
        foreach (var seed in Enumerable.Range(TrainCommand.HeldOutSeedStart + 80_000, 3))
        {
            using var scope = NewDisposeScope();
            var example = ShapesExample.Create(seed, 16, 16);
            var features = vlm.Model.EncodeVisionFeatures(example.Pixels(vlm.Preprocessing));                        // (16, Nv, Dv)
            var selection = TokenPruner.Select(TokenDistinctiveness.Score(features, summary), Defaults.KeepRatio, Defaults.FrameFloorRatio);
            for (var second = 0; second < example.Scene.DurationSeconds; second++)
            {
                foreach (var visible in example.Scene.VisibleAt(second))
                {
                    shown++;
                    kept += selection[second].Contains(summary + (long)visible.CellAt(second)) ? 1 : 0;
                }
            }
        }

        Assert.True(shown > 0, "the clips show no object");
        Assert.True(kept >= 0.97 * shown, $"kept {kept} of the {shown} patches that show an object");
    }
}
