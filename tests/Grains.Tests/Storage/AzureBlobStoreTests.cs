using Azure.Storage.Blobs;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>The store contract on Azure Blob Storage (Azurite), and what is particular to it.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContractTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    protected override ScratchStore CreateScratchStore() => ScratchStore.InAzurite(azurite);

    [Fact]
    public async Task TheContainer_IsCreatedOnFirstUse_Once()
    {
        var container = azurite.NewContainer();
        var store = new AzureBlobStore(container);
        try
        {
            Assert.False((await container.ExistsAsync(Cancellation)).Value);

            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => store.GetPropertiesAsync($"tenant-a/{i}", Cancellation)));

            Assert.True((await container.ExistsAsync(Cancellation)).Value);
        }
        finally
        {
            await container.DeleteIfExistsAsync(cancellationToken: Cancellation);
        }
    }

    [Fact]
    public async Task FromOptions_UsesTheConnectionStringAndContainer()
    {
        var options = new AzureBlobStoreOptions { ConnectionString = azurite.ConnectionString, ContainerName = $"opts-{Guid.NewGuid():N}" };
        var store = new AzureBlobStore(options);
        try
        {
            Assert.Null(await store.CheckWritableAsync(Cancellation));
            Assert.Equal(options.ContainerName, store.ContainerName);
        }
        finally
        {
            await new BlobServiceClient(azurite.ConnectionString).DeleteBlobContainerAsync(options.ContainerName, cancellationToken: Cancellation);
        }
    }

    [Fact]
    public async Task CheckWritable_WhenTheServiceIsUnreachable_SaysWhyAndNamesTheContainer()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        // A loopback port that was free a moment ago and is closed again: nothing answers there.
        var port = ClosedPort();
        var connectionString = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{port}/", StringComparison.Ordinal);
        var store = new AzureBlobStore(new BlobServiceClient(connectionString, options).GetBlobContainerClient("unreachable"));

        var problem = await store.CheckWritableAsync(Cancellation);

        Assert.NotNull(problem);
        Assert.Contains("'unreachable'", problem, StringComparison.Ordinal);
        Assert.Contains("not writable", problem, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
