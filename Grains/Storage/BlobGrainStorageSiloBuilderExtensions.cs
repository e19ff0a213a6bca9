using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace SparseVila.Grains.Storage;

/// <summary>Registers <see cref="BlobGrainStorage"/> on a silo, by name, over the silo's <see cref="IBlobStore"/>.</summary>
public static class BlobGrainStorageSiloBuilderExtensions
{
    /// <summary>Blob grain storage as the default grain storage (used by <c>[PersistentState]</c> without a storage name).</summary>
    public static ISiloBuilder AddBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<BlobGrainStorageOptions> configureOptions) =>
        builder.AddBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Blob grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name, Action<BlobGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddBlobGrainStorage(name, optionsBuilder => optionsBuilder.Configure(configureOptions));
    }

    /// <summary>Blob grain storage as the default grain storage (used by <c>[PersistentState]</c> without a storage name).</summary>
    public static ISiloBuilder AddBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<BlobGrainStorageOptions>>? configureOptions = null) =>
        builder.AddBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>
    /// Blob grain storage under <paramref name="name"/>: named options (configured by
    /// <paramref name="configureOptions"/>, validated at silo start), the keyed <see cref="Orleans.Storage.IGrainStorage"/>
    /// built by <see cref="BlobGrainStorageFactory"/>. The silo must also have an <see cref="IBlobStore"/>.
    /// </summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<BlobGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        configureOptions?.Invoke(services.AddOptions<BlobGrainStorageOptions>(name));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<BlobGrainStorageOptions>, BlobGrainStorageSerializerConfigurator>());
        services.AddTransient<IConfigurationValidator>(provider =>
            new BlobGrainStorageOptionsValidator(provider.GetRequiredService<IOptionsMonitor<BlobGrainStorageOptions>>().Get(name), name));
        services.ConfigureNamedOptionForLogging<BlobGrainStorageOptions>(name);
        services.AddGrainStorage(name, BlobGrainStorageFactory.Create);
        return builder;
    }
}
