using Microsoft.Extensions.Options;

namespace SparseVila.Grains.VisualCache;

/// <summary>Checks <see cref="VisualCacheStoreOptions"/>; each failure starts with the setting's key.</summary>
public sealed class VisualCacheStoreOptionsValidator : IValidateOptions<VisualCacheStoreOptions>
{
    /// <summary>The most segments read or written at once: more only queues on the store's connections and the CPU.</summary>
    public const int MaxParallelism = 64;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, VisualCacheStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.FramesPerSegment < 1)
        {
            failures.Add($"{Key(nameof(options.FramesPerSegment))} must be at least 1; it is {options.FramesPerSegment}.");
        }

        foreach (var (setting, value) in new[] { (nameof(options.ReadParallelism), options.ReadParallelism), (nameof(options.WriteParallelism), options.WriteParallelism) })
        {
            if (value is < 1 or > MaxParallelism)
            {
                failures.Add($"{Key(setting)} must be from 1 to {MaxParallelism}; it is {value}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string setting) => $"{VisualCacheStoreOptions.SectionName}:{setting}";
}
