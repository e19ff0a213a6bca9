using Microsoft.Extensions.Options;

namespace SparseVila.Gateway.Hosting;

/// <summary>Rejects limits that would refuse everything or nothing, naming the setting.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Require(options.MaxUploadBytes > 0, nameof(options.MaxUploadBytes), options.MaxUploadBytes, "must be positive");
        Require(options.MaxArchiveBytes > 0, nameof(options.MaxArchiveBytes), options.MaxArchiveBytes, "must be positive");
        Require(options.MaxQuestionChars is >= 1 and <= 100_000, nameof(options.MaxQuestionChars), options.MaxQuestionChars, "must be 1 to 100000");
        Require(options.MaxNewTokens is >= 1 and <= 1024, nameof(options.MaxNewTokens), options.MaxNewTokens, "must be 1 to 1024 (the conversation grain's limit)");
        Require(options.MaxConcurrentAsksPerTenant >= 1, nameof(options.MaxConcurrentAsksPerTenant), options.MaxConcurrentAsksPerTenant, "must be at least 1");
        Require(options.LocalVideoCacheBytes >= 0, nameof(options.LocalVideoCacheBytes), options.LocalVideoCacheBytes, "must not be negative");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Require(bool holds, string key, object value, string rule)
        {
            if (!holds)
            {
                failures.Add($"{GatewayOptions.SectionName}:{key} is {value}; it {rule}.");
            }
        }
    }
}
