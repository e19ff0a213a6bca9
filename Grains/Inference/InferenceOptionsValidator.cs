using Microsoft.Extensions.Options;

namespace SparseVila.Grains.Inference;

/// <summary>Checks <see cref="InferenceOptions"/>; each failure starts with the setting's key.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    /// <summary>The most worker threads: each runs a whole forward on the shared cores.</summary>
    public const int MaxWorkers = 64;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Workers is < 1 or > MaxWorkers)
        {
            failures.Add($"{Key(nameof(options.Workers))} must be from 1 to {MaxWorkers}; it is {options.Workers}.");
        }

        if (options.QueueCapacity < 1)
        {
            failures.Add($"{Key(nameof(options.QueueCapacity))} must be at least 1; it is {options.QueueCapacity}.");
        }

        if (options.MaxBatchRows < 1)
        {
            failures.Add($"{Key(nameof(options.MaxBatchRows))} must be at least 1; it is {options.MaxBatchRows}.");
        }

        if (options.ContextCacheBytes < 0)
        {
            failures.Add($"{Key(nameof(options.ContextCacheBytes))} must not be negative; it is {options.ContextCacheBytes}.");
        }

        if (!Enum.IsDefined(options.DecodeMethod))
        {
            failures.Add($"{Key(nameof(options.DecodeMethod))} is {(int)options.DecodeMethod}, not a decode method.");
        }

        if (!double.IsFinite(options.RetrievalRatio) || options.RetrievalRatio is <= 0 or > 1)
        {
            failures.Add($"{Key(nameof(options.RetrievalRatio))} must be in (0, 1]; it is {options.RetrievalRatio}.");
        }

        if (options.IndexingResumePeriod <= TimeSpan.Zero)
        {
            failures.Add($"{Key(nameof(options.IndexingResumePeriod))} must be positive; it is {options.IndexingResumePeriod}.");
        }

        if (options.ModelFolder.Length > 0 && !File.Exists(Path.Combine(options.ModelFolder, "config.json")))
        {
            failures.Add($"{Key(nameof(options.ModelFolder))} is '{options.ModelFolder}', which holds no config.json.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string setting) => $"{InferenceOptions.SectionName}:{setting}";
}
