using Microsoft.AspNetCore.StaticFiles;

namespace SparseVila.Gateway.WebPage;

/// <summary>
/// The web page at <c>/</c>: plain files from <c>wwwroot</c> (HTML, CSS and JavaScript modules; no build step, nothing
/// fetched from elsewhere at run time). They are revalidated on every load, so a new Gateway serves its new page, and
/// the HTML is served under a content security policy that allows only this origin.
/// </summary>
public static class WebPageMiddleware
{
    /// <summary>Everything the page loads comes from the Gateway itself; it may not be framed.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Serves <c>index.html</c> at <c>/</c> and the page's other files by their paths.</summary>
    public static IApplicationBuilder UseSparseVilaWebPage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = PrepareResponse });
        return app;
    }

    private static void PrepareResponse(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        // Cached, but checked against the ETag each time: no stale script after an upgrade.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
    }
}
