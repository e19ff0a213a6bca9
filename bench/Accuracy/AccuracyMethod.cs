using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;

namespace SparseVila.Bench.Accuracy;

/// <summary>One way of answering: how the visual context is built (and stored), and how each turn decodes over it.</summary>
/// <param name="Name">The method's key in the report, e.g. <c>sparsevila-k0.5-r0.1</c>.</param>
/// <param name="KeepRatio">The query-agnostic keep ratio the context is built with.</param>
/// <param name="Retrieval">How each turn decodes.</param>
/// <param name="Codec">When set, the context goes through this storage codec (written and read back) before it is used.</param>
public sealed record AccuracyMethod(string Name, double KeepRatio, RetrievalOptions Retrieval, KvCodec? Codec = null)
{
    /// <summary>Dense: every visual token, at prefill and at decode.</summary>
    public static AccuracyMethod Dense() => new("dense", 1, new RetrievalOptions { Method = DecodeMethod.Dense });

    /// <summary>SparseVILA: keep <paramref name="keep"/> at indexing, retrieve <paramref name="retrieval"/> of those per turn.</summary>
    public static AccuracyMethod SparseVila(double keep, double retrieval, KvCodec? codec = null) =>
        new($"sparsevila-k{keep}-r{retrieval}" + (codec is { } c ? $"-{c.ToString().ToLowerInvariant()}" : string.Empty), keep,
            new RetrievalOptions { Method = DecodeMethod.SparseVila, RetrievalRatio = retrieval }, codec);

    /// <summary>Prefill-only pruning to SparseVILA's decode budget (keep × retrieval), dense over what is left, for good.</summary>
    public static AccuracyMethod PrefillOnly(double keep, double retrieval) =>
        new($"prefill-only-{keep * retrieval}", keep * retrieval, new RetrievalOptions { Method = DecodeMethod.Dense });

    /// <summary>SparseVILA's first stage alone: keep <paramref name="keep"/> at indexing, then decode densely over what is kept.</summary>
    public static AccuracyMethod PruningOnly(double keep) =>
        new($"pruning-only-k{keep}", keep, new RetrievalOptions { Method = DecodeMethod.Dense });

    /// <summary>SparseVILA's second stage alone: every visual token kept at indexing, <paramref name="retrieval"/> of them retrieved per turn.</summary>
    public static AccuracyMethod RetrievalOnly(double retrieval) =>
        new($"retrieval-only-r{retrieval}", 1, new RetrievalOptions { Method = DecodeMethod.SparseVila, RetrievalRatio = retrieval });

    /// <summary>FastV-like: the first question's attention picks SparseVILA's decode budget out of the dense context, for every later turn.</summary>
    public static AccuracyMethod FastV(double keep, double retrieval) =>
        new($"fastv-{keep * retrieval}", 1, new RetrievalOptions { Method = DecodeMethod.FastV, RetrievalRatio = keep * retrieval });
}
