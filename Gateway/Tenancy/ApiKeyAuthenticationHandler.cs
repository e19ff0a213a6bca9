using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Tenancy;

/// <summary>
/// Turns the request's API key into its tenant: the <c>X-Api-Key</c> header, or on GET requests only the
/// <c>sparsevila-api-key</c> cookie (so the web page's images and video player can load; no state changes on a cookie).
/// With no keys configured every request is tenant <c>local</c>. A missing or unknown key is a 401 problem.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<ApiKeyOptions> keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string CookieName = "sparsevila-api-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var configured = keys.Value.ApiKeys;
        if (configured.Count == 0)
        {
            return Task.FromResult(Success(TenantId.Local));
        }

        var key = Request.Headers[HeaderName].ToString();
        if (key.Length == 0 && HttpMethods.IsGet(Request.Method))
        {
            key = Request.Cookies[CookieName] ?? string.Empty;
        }

        if (key.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(configured.TryGetValue(key, out var tenant)
            ? Success(TenantId.Parse(tenant))
            : AuthenticateResult.Fail("The API key is not known."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        var known = Request.Headers.ContainsKey(HeaderName);
        await ProblemResponses.WriteAsync(problems, new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = known ? "Unknown API key" : "API key required",
                Detail = $"Send a valid API key in the {HeaderName} header.",
            },
        }).ConfigureAwait(false);
    }

    private static AuthenticateResult Success(TenantId tenant)
    {
        var identity = new ClaimsIdentity([new Claim(TenantClaims.TenantClaimType, tenant.Value)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
