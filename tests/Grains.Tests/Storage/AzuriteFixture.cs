using Azure.Storage.Blobs;
using SparseVila.Testing;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>
/// One Azurite blob service for the tests of <see cref="AzuriteTestGroup"/> (<see cref="AzuriteProcess"/>). Tests use a
/// container of their own each. Missing Azurite fails the tests that need it (never skips them), and only those:
/// scripts/test.sh installs it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    /// <summary>The loopback port Azurite's blob service listens on.</summary>
    public int Port => (_azurite ?? throw new InvalidOperationException("Azurite is not started yet.")).Port;

    /// <summary>The development account's connection string for this instance.</summary>
    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite is not started yet.")).ConnectionString;

    /// <summary>A client for a container no other test uses (not yet created).</summary>
    public BlobContainerClient NewContainer() => new BlobServiceClient(ConnectionString).GetBlobContainerClient($"test-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>The tests that run against Azurite share one instance of it.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
