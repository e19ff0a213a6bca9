using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SparseVila.Gateway.Archives;
using SparseVila.Gateway.Conversations;
using SparseVila.Gateway.Problems;
using SparseVila.Gateway.Tenancy;
using SparseVila.Gateway.Videos;

namespace SparseVila.Gateway.Hosting;

/// <summary>The API's services: options (validated at start), API-key tenancy, problem details, uploads, limits.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddSparseVilaGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>());

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        services.AddHostedService<OpenAccessWarning>();

        services.AddProblemDetails();
        services.AddExceptionHandler<GatewayExceptionHandler>();
        // A body or parameter the endpoints cannot read is thrown to GatewayExceptionHandler in every environment (by default
        // only in Development; elsewhere it would be a bare 400 that says nothing about what was wrong).
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalVideoFiles>();
        services.AddSingleton<VideoIngest>();
        services.AddSingleton<ArchiveImporter>();
        services.AddSingleton<TenantAskLimiter>();
        return services;
    }
}
