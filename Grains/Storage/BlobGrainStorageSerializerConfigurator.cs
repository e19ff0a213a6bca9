using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace SparseVila.Grains.Storage;

/// <summary>
/// Fills in <see cref="BlobGrainStorageOptions.GrainStorageSerializer"/> when it is not set: a serializer
/// registered under the storage's name, else the Orleans serializer.
/// </summary>
/// <remarks>
/// Why the Orleans serializer and not JSON (Orleans' own default is Newtonsoft JSON; System.Text.Json
/// was the other candidate): this project's state types are <c>[GenerateSerializer]</c> records with
/// numbered <c>[Id(n)]</c> members, the same types grains exchange. The Orleans serializer stores exactly
/// those members, tolerates added and removed ids across versions, and needs nothing more of a type:
/// JSON would need public setters or constructors (<c>TenantId</c> keeps its value in a private field)
/// and converters for Orleans types such as <c>GrainId</c>. The cost is that state blobs are binary,
/// not readable with a text editor.
/// </remarks>
public sealed class BlobGrainStorageSerializerConfigurator(IServiceProvider services) : IPostConfigureOptions<BlobGrainStorageOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, BlobGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.GrainStorageSerializer ??= (name is null ? null : services.GetKeyedService<IGrainStorageSerializer>(name))
            ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
