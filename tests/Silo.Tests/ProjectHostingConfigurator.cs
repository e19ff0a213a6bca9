using Orleans.TestingHost;
using SparseVila.Silo.Hosting;

namespace SparseVila.Silo.Tests;

/// <summary>Builds every test silo with the project's own hosting: SiloBuilderExtensions.AddSparseVila from its configuration.</summary>
internal sealed class ProjectHostingConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) =>
        siloBuilder.AddSparseVila(HostingSettings.Load(siloBuilder.Configuration, AppContext.BaseDirectory));
}
