using Microsoft.Extensions.Options;

namespace SparseVila.Gateway.Tenancy;

/// <summary>Warns at start when no API keys are configured: then anyone who can reach the Gateway is tenant <c>local</c>.</summary>
public sealed partial class OpenAccessWarning(IOptions<ApiKeyOptions> keys, ILogger<OpenAccessWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.Value.ApiKeys.Count == 0)
        {
            LogOpenAccess(ApiKeyOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys are configured ({Section}:ApiKeys): every request is tenant 'local'. Configure keys before exposing this service.")]
    private partial void LogOpenAccess(string section);
}
