namespace SparseVila.Grains.Contexts;

/// <summary>What a silo's <see cref="VisualContextCache"/> has done and holds.</summary>
/// <param name="Hits">Leases served from a context held or being read.</param>
/// <param name="Misses">Leases that read a context from storage.</param>
/// <param name="Evictions">Contexts dropped to stay under budget.</param>
/// <param name="Bytes">Bytes of contexts held now.</param>
/// <param name="Contexts">Contexts held or being read now.</param>
/// <param name="BudgetBytes">The configured budget.</param>
public sealed record VisualContextCacheStats(long Hits, long Misses, long Evictions, long Bytes, int Contexts, long BudgetBytes);
