using Orleans.Runtime;

namespace SparseVila.Grains.Storage;

/// <summary>Checks one named <see cref="BlobGrainStorageOptions"/> when the silo starts.</summary>
public sealed class BlobGrainStorageOptionsValidator(BlobGrainStorageOptions options, string name) : IConfigurationValidator
{
    /// <inheritdoc />
    public void ValidateConfiguration()
    {
        try
        {
            BlobNames.Validate(options.BlobPrefix, nameof(options.BlobPrefix));
        }
        catch (ArgumentException e)
        {
            throw new OrleansConfigurationException(
                $"The blob grain storage '{name}' has an invalid {nameof(BlobGrainStorageOptions.BlobPrefix)}: {e.Message}", e);
        }

        if (options.GrainStorageSerializer is null)
        {
            throw new OrleansConfigurationException(
                $"The blob grain storage '{name}' has no {nameof(BlobGrainStorageOptions.GrainStorageSerializer)}.");
        }
    }
}
