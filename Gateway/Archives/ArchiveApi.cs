using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.Tenancy;
using SparseVila.Gateway.Videos;

namespace SparseVila.Gateway.Archives;

/// <summary>The archives API (docs/api.md): a tar or zip of videos in, a video per video entry out.</summary>
public static class ArchiveApi
{
    private static readonly string[] RawArchiveTypes =
        ["application/x-tar", "application/tar", "application/gzip", "application/x-gzip", "application/x-compressed-tar", "application/zip",
         "application/x-zip-compressed", "application/octet-stream"];

    public static RouteGroupBuilder MapArchiveApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var archives = api.MapGroup("/archives").WithTags("Archives");
        archives.MapPost("/", ImportAsync).WithName("UploadArchive")
            .WithSummary("Upload a tar (plain or gzip) or zip: every video entry becomes a video; other entries are reported as skipped.")
            .WithDescription("The body is the archive (application/x-tar, application/gzip, application/zip), or multipart/form-data with the field 'file'.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        archives.MapGet("/{id}", GetAsync).WithName("GetArchive").WithSummary("What an uploaded archive became.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Accepted<ArchiveImportResponse>> ImportAsync(
        HttpRequest request, ClaimsPrincipal user, ArchiveImporter importer, IOptions<GatewayOptions> options, [FromQuery] bool index = true)
    {
        var tenant = user.Tenant();
        var response = await UploadBody.ReadAsync(
            request, options.Value.MaxArchiveBytes, type => RawArchiveTypes.Contains(type, StringComparer.OrdinalIgnoreCase), "a tar, gzip or zip body",
            (content, _) => importer.ImportAsync(tenant, content, index, request.HttpContext.RequestAborted)).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/archives/{response.Id}", response);
    }

    private static async Task<Ok<ArchiveImportResponse>> GetAsync(string id, ClaimsPrincipal user, ArchiveImporter importer, HttpContext context) =>
        TypedResults.Ok(await importer.GetAsync(user.Tenant(), id, context.RequestAborted).ConfigureAwait(false));
}
