using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace SparseVila.Silo.Tests;

/// <summary>
/// A TestCluster of silos built with the project's own hosting (<see cref="ProjectHostingConfigurator"/>), storing in a
/// temporary data folder of its own; disposing stops the silos and deletes the folder.
/// </summary>
internal sealed class ProjectCluster : IAsyncDisposable
{
    private const string DataFolderKey = "Storage:FileSystem:RootPath";

    private ProjectCluster(TestCluster cluster, DirectoryInfo data) => (Cluster, Data) = (cluster, data);

    public TestCluster Cluster { get; }

    /// <summary>The silos' data folder (<c>Storage:FileSystem:RootPath</c>).</summary>
    public DirectoryInfo Data { get; }

    /// <summary>Deploys <paramref name="silos"/> silos over a new data folder named after <paramref name="folderPrefix"/>.</summary>
    public static async Task<ProjectCluster> StartAsync(string folderPrefix, int silos = 2)
    {
        var data = Directory.CreateTempSubdirectory(folderPrefix);
        var builder = new TestClusterBuilder((short)silos);
        builder.ConfigureHostConfiguration(configuration =>
            configuration.AddInMemoryCollection([KeyValuePair.Create(DataFolderKey, (string?)data.FullName)]));
        builder.AddSiloBuilderConfigurator<ProjectHostingConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ProjectCluster(cluster, data);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Data.Delete(recursive: true);
    }
}
