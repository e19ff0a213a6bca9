using Microsoft.Extensions.Options;

namespace SparseVila.Grains.Storage;

/// <summary>Checks <see cref="FileSystemStorageOptions"/>; each failure starts with the setting's key.</summary>
public sealed class FileSystemStorageOptionsValidator : IValidateOptions<FileSystemStorageOptions>
{
    /// <summary>The configuration key of <see cref="FileSystemStorageOptions.RootPath"/>.</summary>
    public const string RootPathKey = $"{StorageOptions.SectionName}:{nameof(StorageOptions.FileSystem)}:{nameof(FileSystemStorageOptions.RootPath)}";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FileSystemStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.RootPath)
            ? ValidateOptionsResult.Fail($"{RootPathKey} must not be empty.")
            : ValidateOptionsResult.Success;
    }
}
