using SparseVila.Engine.Sparse;
using SparseVila.Engine.Video;

namespace SparseVila.Bench.Sparsity;

/// <summary>One way of answering over a video: how its visual context is built and how each turn decodes.</summary>
/// <param name="Name">The method's name in the report.</param>
/// <param name="Context">Sampling, query-agnostic pruning and prefill of the visual context.</param>
/// <param name="Retrieval">Which visual tokens each turn decodes over.</param>
public sealed record SparsityMethod(string Name, VisualContextOptions Context, RetrievalOptions Retrieval)
{
    /// <summary>Frames sampled per second of video: one, as the shipped model expects; the same for every method.</summary>
    public const double SampledFramesPerSecond = 1;

    private static readonly FrameSampling Sampling = new FixedRateFrameSampling(SampledFramesPerSecond);

    /// <summary>Every visual token prefilled and decoded over.</summary>
    public static SparsityMethod Dense() => new("dense",
        new VisualContextOptions { KeepRatio = 1.0, Sampling = Sampling },
        new RetrievalOptions { Method = DecodeMethod.Dense });

    /// <summary>SparseVILA: keep K of the tokens by salience, then per turn retrieve R of those per layer and KV head.</summary>
    public static SparsityMethod SparseVila(SparsitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new("sparsevila",
            new VisualContextOptions { KeepRatio = settings.KeepRatio, Sampling = Sampling },
            new RetrievalOptions { Method = DecodeMethod.SparseVila, RetrievalRatio = settings.RetrievalRatio });
    }

    /// <summary>
    /// Prefill-only pruning (VisionZip/PruMerge-like): keep K·R of the tokens by salience, so the context
    /// holds as many visual tokens as SparseVILA decodes over, then decode densely over them. Those methods
    /// prune by salience alone, so no per-frame floor beyond the engine's one token a frame.
    /// </summary>
    public static SparsityMethod PrefillOnly(SparsitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new("prefill-only",
            new VisualContextOptions { KeepRatio = settings.KeepRatio * settings.RetrievalRatio, FrameFloorRatio = 0, Sampling = Sampling },
            new RetrievalOptions { Method = DecodeMethod.Dense });
    }

    /// <summary>
    /// FastV-like: prefill every visual token, then let the first question's attention pick
    /// <paramref name="retrievedTokens"/> (SparseVILA's retrieved count) once, for every later turn too.
    /// </summary>
    public static SparsityMethod FastV(int retrievedTokens) => new("fastv",
        new VisualContextOptions { KeepRatio = 1.0, Sampling = Sampling },
        new RetrievalOptions { Method = DecodeMethod.FastV, TokenBudget = retrievedTokens });
}
