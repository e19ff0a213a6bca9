using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SparseVila.Silo.Hosting;

/// <summary>Says, once the server listens, the URL a person should open.</summary>
internal sealed partial class ListeningAddressReporter(
    IServer server, IHostApplicationLifetime lifetime, IHostEnvironment environment, ILogger<ListeningAddressReporter> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is { Count: > 0 })
            {
                LogServing(logger, environment.ApplicationName, addresses);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Application} is serving at {Addresses}")]
    private static partial void LogServing(ILogger logger, string application, ICollection<string> addresses);
}
