using Orleans.Storage;

namespace SparseVila.Grains.Storage;

/// <summary>Settings of one named <see cref="BlobGrainStorage"/>.</summary>
public sealed class BlobGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The prefix used when none is configured.</summary>
    public const string DefaultBlobPrefix = "grainstate";

    /// <summary>
    /// The name prefix of every state blob (<c>{BlobPrefix}/{grain type}/{grain key}/{state name}</c>);
    /// a valid <see cref="BlobNames">blob name</see>. Storages sharing a store need different prefixes.
    /// </summary>
    public string BlobPrefix { get; set; } = DefaultBlobPrefix;

    /// <summary>
    /// How state is turned into bytes. Unset, it is the serializer registered under this storage's name
    /// if any, else the Orleans serializer (<see cref="OrleansGrainStorageSerializer"/>; see
    /// <see cref="BlobGrainStorageSerializerConfigurator"/> for why not JSON).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
