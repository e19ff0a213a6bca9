using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;
using SparseVila.Grains.Storage;
using SparseVila.Silo.Hosting;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>
/// Builds each test silo with the project's hosting, its role from <see cref="EngineCluster.WebSilosKey"/> (silo names
/// listed there are web silos), its store wrapped in a <see cref="RecordingBlobStore"/>, and in-memory reminders.
/// </summary>
internal sealed class EngineHostingConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var name = siloBuilder.Configuration["Orleans:Name"] ?? string.Empty;
        var web = (siloBuilder.Configuration[EngineCluster.WebSilosKey] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(siloBuilder.Configuration)
            .AddInMemoryCollection([KeyValuePair.Create("Silo:Role", (string?)(web.Contains(name) ? "web" : "gpu"))])
            .Build();
        var settings = HostingSettings.Load(configuration, AppContext.BaseDirectory);
        siloBuilder.AddSparseVila(settings);
        siloBuilder.UseInMemoryReminderService();
        var log = SegmentWriteLog.For(settings.Storage.FileSystem.RootPath);
        siloBuilder.Services.Replace(ServiceDescriptor.Singleton<IBlobStore>(new RecordingBlobStore(new FileSystemBlobStore(settings.Storage.FileSystem), log)));
    }
}
