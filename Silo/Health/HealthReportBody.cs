using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SparseVila.Silo.Health;

/// <summary>The JSON body of <c>/healthz</c> and <c>/readyz</c>.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each check that ran, by name.</param>
public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckBody> Checks)
{
    /// <summary>The body for a report from <see cref="HealthCheckService"/>.</summary>
    public static HealthReportBody From(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(
            report.Status.ToString(),
            report.Entries.ToDictionary(entry => entry.Key, entry => new HealthCheckBody(entry.Value.Status.ToString(), entry.Value.Description)));
    }
}

/// <summary>One check's outcome.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Description">What the check saw; for a failure, why.</param>
public sealed record HealthCheckBody(string Status, string? Description);
