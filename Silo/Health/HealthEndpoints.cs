using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SparseVila.Silo.Health;

/// <summary>
/// <c>/healthz</c>: the process is alive (no checks run). <c>/readyz</c>: the silo is an active cluster
/// member and storage is writable; 503 with the failing checks otherwise. Mapped as minimal-API
/// endpoints (not MapHealthChecks) so that they appear, with their body, in the OpenAPI document.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of checks that gate readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The liveness path.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>The readiness path.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Maps both endpoints, tagged "Health" in the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapSparseVilaHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivenessPath, GetLivenessAsync)
            .WithName("Liveness").WithSummary("The process is alive.").WithTags("Health")
            .Produces<HealthReportBody>(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet(ReadinessPath, GetReadinessAsync)
            .WithName("Readiness").WithSummary("The silo is an active cluster member and storage is writable.").WithTags("Health")
            .Produces<HealthReportBody>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static Task<Results<Ok<HealthReportBody>, JsonHttpResult<HealthReportBody>>> GetLivenessAsync(
        HealthCheckService health, CancellationToken cancellationToken) =>
        RunAsync(health, _ => false, cancellationToken);

    private static Task<Results<Ok<HealthReportBody>, JsonHttpResult<HealthReportBody>>> GetReadinessAsync(
        HealthCheckService health, CancellationToken cancellationToken) =>
        RunAsync(health, check => check.Tags.Contains(ReadyTag), cancellationToken);

    private static async Task<Results<Ok<HealthReportBody>, JsonHttpResult<HealthReportBody>>> RunAsync(
        HealthCheckService health, Func<HealthCheckRegistration, bool> predicate, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(predicate, cancellationToken).ConfigureAwait(false);
        var body = HealthReportBody.From(report);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
