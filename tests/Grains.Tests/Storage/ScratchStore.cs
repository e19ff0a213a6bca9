using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>An empty store for one test, and how to remove it afterwards.</summary>
public sealed class ScratchStore : IAsyncDisposable
{
    private readonly Func<ValueTask> _remove;

    private ScratchStore(IBlobStore store, Func<ValueTask> remove)
    {
        Store = store;
        _remove = remove;
    }

    public IBlobStore Store { get; }

    /// <summary>A <see cref="FileSystemBlobStore"/> in a new temporary folder.</summary>
    public static ScratchStore InTemporaryFolder()
    {
        var folder = Directory.CreateTempSubdirectory("sparsevila-store-");
        return new(new FileSystemBlobStore(folder.FullName), () =>
        {
            folder.Delete(recursive: true);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>An <see cref="AzureBlobStore"/> over a new container of <paramref name="azurite"/>.</summary>
    public static ScratchStore InAzurite(AzuriteFixture azurite)
    {
        var container = azurite.NewContainer();
        return new(new AzureBlobStore(container), async () => await container.DeleteIfExistsAsync());
    }

    public ValueTask DisposeAsync() => _remove();
}
