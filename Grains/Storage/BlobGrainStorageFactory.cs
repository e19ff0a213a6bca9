using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SparseVila.Grains.Storage;

/// <summary>Builds the named <see cref="BlobGrainStorage"/> over the silo's <see cref="IBlobStore"/>.</summary>
public static class BlobGrainStorageFactory
{
    /// <summary>The storage called <paramref name="name"/>, with its named options.</summary>
    public static BlobGrainStorage Create(IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptionsMonitor<BlobGrainStorageOptions>>().Get(name);
        var store = services.GetService<IBlobStore>()
            ?? throw new InvalidOperationException($"The blob grain storage '{name}' needs an {nameof(IBlobStore)} registered in the silo's services.");
        return ActivatorUtilities.CreateInstance<BlobGrainStorage>(services, name, options, store);
    }
}
