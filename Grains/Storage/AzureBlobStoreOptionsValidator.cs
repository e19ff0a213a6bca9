using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace SparseVila.Grains.Storage;

/// <summary>Checks <see cref="AzureBlobStoreOptions"/>; each failure starts with the setting's key.</summary>
public sealed class AzureBlobStoreOptionsValidator : IValidateOptions<AzureBlobStoreOptions>
{
    /// <summary>The configuration key of <see cref="AzureBlobStoreOptions.ConnectionString"/>.</summary>
    public const string ConnectionStringKey = $"{SectionKey}:{nameof(AzureBlobStoreOptions.ConnectionString)}";

    /// <summary>The configuration key of <see cref="AzureBlobStoreOptions.ContainerName"/>.</summary>
    public const string ContainerNameKey = $"{SectionKey}:{nameof(AzureBlobStoreOptions.ContainerName)}";

    /// <summary>The other key the connection string may come from.</summary>
    public const string ConnectionStringsKey = $"ConnectionStrings:{AzureBlobStoreOptions.ConnectionStringName}";

    private const string SectionKey = $"{StorageOptions.SectionName}:{nameof(StorageOptions.AzureBlob)}";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{ConnectionStringKey} (or {ConnectionStringsKey}) must be set when {StorageOptions.SectionName}:Provider is {StorageOptions.AzureBlobProvider}.");
        }
        else if (ConnectionStringProblem(options.ConnectionString) is { } problem)
        {
            // The connection string holds a secret: say what is wrong, never echo it.
            failures.Add($"{ConnectionStringKey} is not a usable Azure Storage connection string: {problem}");
        }

        if (ContainerNameProblem(options.ContainerName) is { } containerProblem)
        {
            failures.Add($"{ContainerNameKey} is '{options.ContainerName}'; {containerProblem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new BlobServiceClient(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>Azure's container naming rules.</summary>
    private static string? ContainerNameProblem(string? containerName)
    {
        const string Rule = "a container name is 3–63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
        if (containerName is null || containerName.Length is < 3 or > 63)
        {
            return Rule;
        }

        var valid = char.IsAsciiLetterOrDigit(containerName[0]) && char.IsAsciiLetterOrDigit(containerName[^1])
            && !containerName.Contains("--", StringComparison.Ordinal)
            && containerName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        return valid ? null : Rule;
    }
}
