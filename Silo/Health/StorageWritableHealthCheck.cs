using Microsoft.Extensions.Diagnostics.HealthChecks;
using SparseVila.Grains.Storage;

namespace SparseVila.Silo.Health;

/// <summary>Healthy when the configured store accepts a write right now.</summary>
internal sealed class StorageWritableHealthCheck(IBlobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problem = await store.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
        return problem is null ? HealthCheckResult.Healthy("Storage is writable.") : HealthCheckResult.Unhealthy(problem);
    }
}
